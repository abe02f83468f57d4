"""Printed and exported documents: the session report, the handouts, the certificate and the
action plan. They are HTML first (one source for the screen and the page) and become A4 PDFs
through one engine, ``documents.pdf``."""
