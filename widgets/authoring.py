"""Tools for trainers who write case simulations.

``waspada new scenario NAME`` writes a scenario file that already passes ``waspada check`` and
explains every field where it is used. ``waspada graph SCENARIO`` draws the scenario as a
picture (SVG, made here in plain Python: no Graphviz to install on a trainer's laptop), so dead
ends, unreachable nodes and long branches show at a glance. The same picture appears in the
facilitator's view of the scenario notebook (``widgets.views.scenario.graph``)."""

from __future__ import annotations

import argparse
import html
import re
import sys
import textwrap
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from .content.base import ContentError
from .content.scenarios import FOLDER, ID_PATTERN, Scenario, graph_problems, load_file, \
    load_laws, reachable_from, LAWS_FILE

# --------------------------------------------------------------------------- the template

TEMPLATE = """\
# Skenario baru / New scenario: {name}
# Made by `waspada new scenario {name}`. Every field is explained where it stands.
# Texts are pairs: `id:` (Bahasa Indonesia, first) and `en:` (English). Both are required.
# After editing, run `waspada check` (finds mistakes, with the line) and
# `waspada graph {name}` (draws the story so you can see dead ends and long branches).
# Guidance on writing a good scenario: docs/authoring-scenarios.md

# The story's name and one-sentence summary, shown on the card participants pick from.
title:
  id: "Contoh: Tawaran kerja dari grup WhatsApp"
  en: "Example: A job offer from a WhatsApp group"
summary:
  id: Seorang teman membagikan lowongan kerja pabrik di Malaysia. Gajinya tinggi, syaratnya sedikit.
  en: A friend shares a factory job in Malaysia. The pay is high and the requirements are few.
# Who the participant plays, and where the story happens.
role:
  id: Seorang pemuda berumur 20 tahun dari Serdang Bedagai
  en: A 20-year-old man from Serdang Bedagai
place:
  id: Serdang Bedagai
  en: Serdang Bedagai
# About how long one play takes (minutes), and easy / medium / hard.
minutes: 5
difficulty: easy
# Shown before the story starts. Say plainly what the story contains.
content_warning:
  id: Cerita ini menyebut penipuan dan utang.
  en: This story mentions fraud and debt.
# Every story is a fictional composite: say so.
fictional_note:
  id: Cerita ini rekaan, disusun dari pola kasus nyata. Nama dan tempat tidak menunjuk orang tertentu.
  en: This story is made up from patterns in real cases. Names and places do not point to real people.
# Optional: notes only the facilitator sees (how to run it, what to stress).
facilitator_notes:
  id: Tanyakan kepada peserta apa yang membuat tawaran ini terasa meyakinkan.
  en: Ask participants what made this offer feel convincing.
# draft: true keeps the story out of the participants' list while you write it.
# Change it to false (or delete the line) when the story is ready.
draft: true
# Position in the participants' list (smaller numbers first).
order: 100

# Optional things the story keeps track of. `start:` is a whole number or true/false.
# A choice changes them (`set:` / `add:`) and a choice can depend on them (`only_if:`).
# `show: true` shows the value to the player (a number as "label: value"; a true/false
# variable shows its label while it is true, so write the label as a statement).
state:
  paid:
    label:
      id: Uang yang sudah Anda bayar (juta rupiah)
      en: Money you have paid (million rupiah)
    start: 0
    show: true

# The warning signs in this story. Choices "reveal" (notice) or "ignore" them, and the
# debrief lists them as seen or missed. `card:` (optional) links a red-flag card by its file
# name in datasets/redflags/.
flags:
  fee:
    text:
      id: Diminta membayar biaya pendaftaran kepada perorangan.
      en: Being asked to pay a registration fee to a private person.
  no-contract:
    text:
      id: Tidak ada kontrak kerja tertulis sebelum berangkat.
      en: No written employment contract before departure.

# The id of the first node.
start: offer

# The story, node by node. A node id uses lower-case letters, digits and dashes.
# A node either has `choices:` or is an ending (`ending:` safe / harmed / mixed).
nodes:
  offer:
    text:
      id: |-
        Teman Anda mengirim lowongan: kerja pabrik di Malaysia, gaji besar, berangkat bulan depan.
        Perekrutnya meminta Rp3 juta untuk "biaya pendaftaran" lewat transfer ke rekening pribadinya.
      en: |-
        Your friend sends a job advert: factory work in Malaysia, high pay, leaving next month.
        The recruiter asks for Rp3 million as a "registration fee", by transfer to his own account.
    choices:
      # Each choice: an id, the button text (`label`), the node it leads to (`to`), and the
      # `feedback` shown right after. `reveals` / `ignores` list flags from `flags:` above.
      - id: pay
        label:
          id: Transfer uangnya supaya tidak kehabisan tempat.
          en: Transfer the money so you don't lose your place.
        to: waiting
        feedback:
          id: Uang untuk "pendaftaran" ke rekening pribadi adalah tanda bahaya.
          en: Money for "registration" into a personal account is a red flag.
        ignores: [fee]
        add: {{paid: 3}}          # adds 3 to `paid` (use a negative number to subtract)
      - id: check
        label:
          id: Tanyakan ke Disnaker apakah perusahaan perekrutnya terdaftar.
          en: Ask the Disnaker whether the recruiting company is registered.
        to: disnaker
        feedback:
          id: Memeriksa dulu selalu boleh, dan gratis.
          en: Checking first is always allowed, and free.
        reveals: [fee]
  waiting:
    text:
      id: Seminggu kemudian perekrut meminta Rp2 juta lagi untuk "visa". Kontrak kerja belum ada.
      en: A week later the recruiter asks for Rp2 million more for a "visa". There is still no contract.
    choices:
      - id: pay-more
        label:
          id: Bayar lagi. Sudah terlanjur.
          en: Pay again. You are in too deep to stop.
        to: gone
        feedback:
          id: Uang yang sudah hilang sering membuat orang terus membayar.
          en: Money already lost often keeps people paying.
        ignores: [no-contract]
        add: {{paid: 2}}
      - id: stop
        label:
          id: Berhenti dan laporkan perekrutnya.
          en: Stop and report the recruiter.
        to: reported
        feedback:
          id: Berhenti sekarang mencegah kerugian yang lebih besar.
          en: Stopping now prevents a bigger loss.
        reveals: [no-contract]
        only_if: {{paid: {{at_least: 1}}}}   # offered only when this test holds
  disnaker:
    text:
      id: Petugas Disnaker tidak menemukan perusahaan itu. Ia menjelaskan jalur resmi dan cara mendaftar.
      en: The Disnaker officer cannot find the company. She explains the official route and how to register.
    choices:
      - id: register
        label:
          id: Mendaftar lewat jalur resmi.
          en: Register through the official route.
        to: safe-end
        feedback:
          id: Jalur resmi lebih lama, tetapi Anda tahu siapa yang bertanggung jawab.
          en: The official route takes longer, but you know who is responsible.
  # An ending: `ending:` is safe, harmed or mixed; `title:` names it; the `debrief:` has
  # what happened, the flags it is about, the law (an id from scenarios/{laws}, or a note
  # written here with its own source and as_of) and 2 or 3 questions for discussion.
  safe-end:
    ending: safe
    title:
      id: Berangkat lewat jalur resmi
      en: Leaving through the official route
    text:
      id: Anda mendaftar di Disnaker dan menunggu tawaran dari perusahaan penempatan yang berizin.
      en: You register at the Disnaker and wait for an offer from a licensed placement company.
    debrief:
      what_happened:
        id: Anda memeriksa sebelum membayar. Perekrut perorangan tidak boleh menempatkan pekerja migran.
        en: You checked before paying. A private individual may not place migrant workers.
      flags: [fee]
      law:
        - title:
            id: UU 18/2017 — siapa yang boleh menempatkan pekerja migran
            en: Law 18/2017 — who may place migrant workers
          text:
            id: Hanya badan pemerintah, perusahaan penempatan berizin (P3MI dengan SIP3MI), atau perusahaan untuk pekerjanya sendiri.
            en: Only the government agency, a licensed placement company (P3MI with a SIP3MI), or a company placing its own staff.
          source:
            - {{publisher: "Pemerintah RI", title: "UU No. 18 Tahun 2017 tentang Pelindungan Pekerja Migran Indonesia", date: "2017-11-22", url: "https://id.wikisource.org/wiki/Undang-Undang_Republik_Indonesia_Nomor_18_Tahun_2017", where: "Pasal 49"}}
            - {{publisher: "pasal.id", title: "UU No. 18 Tahun 2017", url: "https://pasal.id/peraturan/uu/uu-no-18-tahun-2017"}}
            - {{publisher: "Suara.com", title: "Pengirim TKI Ilegal Diancam Penjara 10 Tahun dan Denda Rp15 M", date: "2017-11-07", url: "https://amp.suara.com/news/2017/11/07/084428/pengirim-tki-ilegal-diancam-penjara-10-tahun-dan-denda-rp15-m"}}
          as_of: "2017-11-07"
      questions:
        - id: Di mana warga desa Anda bisa memeriksa sebuah perusahaan penempatan?
          en: Where can people in your village check a placement company?
        - id: Mengapa perekrut meminta uang ke rekening pribadi?
          en: Why does a recruiter ask for money into a personal account?
  gone:
    ending: harmed
    title:
      id: Uang dan perekrut hilang
      en: The money and the recruiter are gone
    text:
      id: Nomor perekrut tidak aktif lagi. Uang Anda tidak kembali.
      en: The recruiter's number no longer works. Your money does not come back.
    debrief:
      what_happened:
        id: Tidak ada pekerjaan, hanya penipuan. Simpan bukti transfer dan percakapan, lalu laporkan ke polisi.
        en: There was no job, only a fraud. Keep the transfer receipts and the chats, and report to the police.
      flags: [fee, no-contract]
      law:
        - title:
            id: UU 18/2017 — tanpa biaya penempatan
            en: Law 18/2017 — no placement costs
          text:
            id: Pekerja migran tidak boleh dibebani biaya penempatan.
            en: A migrant worker may not be charged placement costs.
          source:
            - {{publisher: "Pemerintah RI", title: "UU No. 18 Tahun 2017 tentang Pelindungan Pekerja Migran Indonesia", date: "2017-11-22", url: "https://id.wikisource.org/wiki/Undang-Undang_Republik_Indonesia_Nomor_18_Tahun_2017", where: "Pasal 30"}}
            - {{publisher: "BP2MI", title: "Peraturan BP2MI No. 9 Tahun 2020 tentang Pembebasan Biaya Penempatan Pekerja Migran Indonesia", date: "2020-06-15", where: "daftar 10 jabatan"}}
            - {{publisher: "Kompas.com", title: "BP2MI Terbitkan Aturan Pembebasan Biaya Penempatan Pekerja Migran", date: "2020-08-17", url: "https://nasional.kompas.com/read/2020/08/17/23193871/bp2mi-terbitkan-aturan-pembebasan-biaya-penempatan-pekerja-migran"}}
          as_of: "2020-08-17"
      questions:
        - id: Apa yang membuat orang terus membayar setelah uang pertama hilang?
          en: What keeps people paying after the first money is lost?
        - id: Bagaimana desa bisa membantu korban penipuan seperti ini tanpa menyalahkannya?
          en: How can the village help a victim of a fraud like this without blaming them?
  reported:
    ending: mixed
    title:
      id: Berhenti di tengah jalan
      en: Stopping halfway
    text:
      id: Anda kehilangan uang yang sudah dibayar, tetapi tidak kehilangan lebih banyak. Laporan Anda membantu orang lain.
      en: You lose the money you already paid, but no more. Your report helps others.
    debrief:
      what_happened:
        id: Anda mengenali tanda bahaya kedua dan berhenti. Itu bukan kegagalan.
        en: You recognised the second red flag and stopped. That is not a failure.
      flags: [no-contract]
      law:
        - title:
            id: UU 18/2017 — dokumen sebelum berangkat
            en: Law 18/2017 — documents before departure
          text:
            id: Perjanjian kerja dan visa kerja termasuk dokumen yang wajib ada sebelum berangkat.
            en: The employment contract and a work visa are among the documents required before departure.
          source:
            - {{publisher: "Pemerintah RI", title: "UU No. 18 Tahun 2017 tentang Pelindungan Pekerja Migran Indonesia", date: "2017-11-22", url: "https://id.wikisource.org/wiki/Undang-Undang_Republik_Indonesia_Nomor_18_Tahun_2017", where: "Pasal 13"}}
            - {{publisher: "Wikisumber", title: "Halaman:Undang-Undang Nomor 18 Tahun 2017.pdf/8", url: "https://id.m.wikisource.org/wiki/Halaman:Undang-Undang_Nomor_18_Tahun_2017.pdf/8", where: "Pasal 13"}}
            - {{publisher: "Kompas.com", title: "Cek Syarat Menjadi TKI ke Luar Negeri", date: "2022-03-07", url: "https://money.kompas.com/read/2022/03/07/084912526/cek-syarat-menjadi-tki-ke-luar-negeri"}}
          as_of: "2022-03-07"
      questions:
        - id: Kepada siapa Anda melapor di kabupaten Anda?
          en: Whom do you report to in your district?
        - id: Apa yang bisa diceritakan orang ini kepada teman-temannya?
          en: What can this person tell their friends?
"""


def write_template(name: str, datasets: Path) -> Path:
    """Write ``datasets/scenarios/NAME.yaml`` from the template; refuse to overwrite."""
    if not re.match(ID_PATTERN, name):
        raise ValueError(f"`{name}` is not a valid scenario name: use lower-case letters, "
                         "digits and dashes, like `magang-jepang`")
    folder = Path(datasets) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.yaml"
    if target.exists():
        raise FileExistsError(f"{target} already exists; choose another name or edit that file")
    target.write_text(TEMPLATE.format(name=name, laws=LAWS_FILE), encoding="utf-8")
    return target


# --------------------------------------------------------------------------- layered layout

@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str


@dataclass
class Layout:
    """Positions (centre x, centre y) of nodes, and each edge's route through dummy points."""

    position: dict[str, tuple[float, float]]
    routes: list[tuple[Edge, list[tuple[float, float]], bool]]  # bool: drawn against the flow
    width: float
    height: float


NODE_W, NODE_H, GAP_X, GAP_Y, MARGIN, TOP = 210.0, 80.0, 30.0, 60.0, 24.0, 96.0


def _back_edges(nodes: list[str], edges: list[Edge], start: str) -> set[int]:
    """Edges that close a cycle in a depth-first walk from the start (drawn reversed)."""
    out: dict[str, list[int]] = defaultdict(list)
    for index, edge in enumerate(edges):
        out[edge.source].append(index)
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done
    back: set[int] = set()
    for root in [start, *nodes]:
        if root in state:
            continue
        stack = [(root, iter(out[root]))]
        state[root] = 1
        while stack:
            current, pending = stack[-1]
            index = next(pending, None)
            if index is None:
                state[current] = 2
                stack.pop()
                continue
            target = edges[index].target
            if state.get(target) == 1:
                back.add(index)
            elif target not in state:
                state[target] = 1
                stack.append((target, iter(out[target])))
    return back


def layered_layout(nodes: list[str], edges: list[Edge], start: str) -> Layout:
    """A Sugiyama-style layout, top to bottom: break cycles, longest-path layers, dummy nodes
    on long edges, barycentre ordering to reduce crossings, then straighten."""
    back = _back_edges(nodes, edges, start)
    forward = [(e.target, e.source) if i in back else (e.source, e.target)
               for i, e in enumerate(edges)]
    # layers by longest path from the sources (Kahn's order on the acyclic version)
    indegree = {n: 0 for n in nodes}
    succ: dict[str, list[str]] = defaultdict(list)
    for a, b in forward:
        if a != b:
            succ[a].append(b)
            indegree[b] += 1
    layer = {n: 0 for n in nodes}
    ready = [n for n in nodes if indegree[n] == 0]
    ready.sort(key=lambda n: n != start)
    while ready:
        current = ready.pop(0)
        for nxt in succ[current]:
            layer[nxt] = max(layer[nxt], layer[current] + 1)
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                ready.append(nxt)
    # dummy points for edges spanning several layers
    chains: list[list[str]] = []
    dummy_count = 0
    for a, b in forward:
        chain = [a]
        for level in range(layer[a] + 1, layer[b]):
            dummy_count += 1
            name = f"\0{dummy_count}"
            layer[name] = level
            chain.append(name)
        chain.append(b)
        chains.append(chain)
    depth = max(layer.values(), default=0) + 1
    rows: list[list[str]] = [[] for _ in range(depth)]
    for name in [*nodes, *(n for n in layer if n.startswith("\0"))]:
        rows[layer[name]].append(name)
    up: dict[str, list[str]] = defaultdict(list)
    down: dict[str, list[str]] = defaultdict(list)
    for chain in chains:
        for a, b in zip(chain, chain[1:]):
            if a != b:
                down[a].append(b)
                up[b].append(a)

    def order_by(neighbours: dict[str, list[str]], levels: range, adjacent: int) -> None:
        """Sort each row by the mean position of its neighbours in the adjacent row."""
        for level in levels:
            previous = {n: i for i, n in enumerate(rows[level + adjacent])}

            def centre(name: str, fallback: float) -> float:
                found = [previous[n] for n in neighbours[name] if n in previous]
                return sum(found) / len(found) if found else fallback
            keyed = {n: centre(n, i) for i, n in enumerate(rows[level])}
            rows[level].sort(key=lambda n: keyed[n])

    for _ in range(6):
        order_by(up, range(1, depth), -1)
        order_by(down, range(depth - 2, -1, -1), +1)
    # x positions: in order, then pulled towards neighbours while keeping the spacing
    step = NODE_W + GAP_X
    x: dict[str, float] = {}
    for level_row in rows:
        for i, name in enumerate(level_row):
            x[name] = i * step

    def half(name: str) -> float:
        return 0.0 if name.startswith("\0") else NODE_W / 2

    def straighten(level_row: list[str], neighbours: dict[str, list[str]]) -> None:
        """Move each node of a row towards the mean of its neighbours, keeping the order and
        the spacing, then shift the row so it sits centred on where it wanted to be."""
        wanted = []
        for name in level_row:
            linked = [x[n] for n in neighbours[name]]
            wanted.append(sum(linked) / len(linked) if linked else x[name])
        placed: list[float] = []
        for i, want in enumerate(wanted):
            if placed:
                gap = half(level_row[i - 1]) + half(level_row[i]) + GAP_X
                want = max(want, placed[-1] + gap)
            placed.append(want)
        shift = sum(p - w for p, w in zip(placed, wanted)) / len(placed) if placed else 0.0
        for name, value in zip(level_row, placed):
            x[name] = value - shift

    for _ in range(8):  # parents pull children down the page, then children pull parents up
        for level_row in rows[1:]:
            straighten(level_row, up)
        for level_row in reversed(rows[:-1]):
            straighten(level_row, down)
    least = min(x.values(), default=0.0)
    position = {n: (x[n] - least + MARGIN + NODE_W / 2, TOP + layer[n] * (NODE_H + GAP_Y)
                    + NODE_H / 2) for n in layer}
    routes = []
    for index, (edge, chain) in enumerate(zip(edges, chains)):
        points = [position[n] for n in chain]
        reversed_edge = index in back
        if reversed_edge:
            points.reverse()
        routes.append((edge, points, reversed_edge))
    width = max((p[0] for p in position.values()), default=0) + NODE_W / 2 + MARGIN
    height = TOP + depth * (NODE_H + GAP_Y) + MARGIN
    return Layout({n: p for n, p in position.items() if not n.startswith("\0")}, routes,
                  max(width, 640.0), height)


# --------------------------------------------------------------------------- SVG

ENDING_STYLE = {"safe": ("#e8f5ec", "#1b7f3b", "AMAN / SAFE"),
                "harmed": ("#fdecea", "#b42318", "CELAKA / HARMED"),
                "mixed": ("#fff6e0", "#9a6700", "CAMPURAN / MIXED")}
PROBLEM_COLOUR = "#b42318"


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _snippet(text: str, width: int = 30, lines: int = 2) -> list[str]:
    wrapped = textwrap.wrap(" ".join(text.split()), width=width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip() + "…"
    return wrapped


def _path(points: list[tuple[float, float]], half: float) -> str:
    """A smooth route leaving the bottom of the first box and entering the top of the last."""
    (x0, y0), (x1, y1) = points[0], points[-1]
    downward = y1 > y0
    start = (x0, y0 + half if downward else y0 - half)
    end = (x1, y1 - half if downward else y1 + half)
    pts = [start, *points[1:-1], end]
    d = f"M{pts[0][0]:.1f},{pts[0][1]:.1f}"
    for (ax, ay), (bx, by) in zip(pts, pts[1:]):
        my = (ay + by) / 2
        d += f" C{ax:.1f},{my:.1f} {bx:.1f},{my:.1f} {bx:.1f},{by:.1f}"
    return d


def scenario_svg(scenario: Scenario, lang: str = "id",
                 counts: Mapping[str, Mapping[str, int]] | None = None) -> str:
    """The scenario as an SVG picture: nodes (id + first words), choices as arrows labelled
    with their id (and, with ``counts``, how many took them), endings coloured and named, and
    problems marked in red: missing targets, dead ends, nodes the start never reaches."""
    nodes = list(scenario.nodes)
    missing = sorted({c.to for n in scenario.nodes.values() for c in n.choices
                      if c.to not in scenario.nodes})
    # choices with the same source and target share one arrow, labelled with each of them
    grouped: dict[tuple[str, str], list[str]] = {}
    for node_id, n in scenario.nodes.items():
        for c in n.choices:
            grouped.setdefault((node_id, c.to), []).append(c.id)
    edges = [Edge(source, target, "\n".join(ids)) for (source, target), ids in grouped.items()]
    start = scenario.start if scenario.start in scenario.nodes else (nodes[0] if nodes else "")
    layout = layered_layout(nodes + missing, edges, start)
    reachable = reachable_from(scenario, scenario.start)
    half = NODE_H / 2
    out: list[str] = []
    add = out.append
    add(f'<svg xmlns="http://www.w3.org/2000/svg" class="wsp-graph" role="img" '
        f'viewBox="0 0 {layout.width:.0f} {layout.height:.0f}" width="{layout.width:.0f}" '
        f'style="max-width:100%;height:auto;font-family:system-ui,sans-serif">')
    add(f"<title>{_esc(scenario.title(lang))}</title>")
    add('<defs><marker id="wsp-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#4a5568"/></marker></defs>')
    add('<rect width="100%" height="100%" fill="#ffffff"/>')
    add(f'<text x="{MARGIN}" y="30" font-size="18" font-weight="700" fill="#1d2433">'
        f"{_esc(scenario.title(lang))}</text>")
    n_choices = sum(len(n.choices) for n in scenario.nodes.values())
    add(f'<text x="{MARGIN}" y="52" font-size="13" fill="#4a5568">{len(nodes)} simpul / nodes · '
        f'{len(scenario.endings)} akhir / endings · {n_choices} pilihan / choices</text>')
    legend_x = MARGIN
    for kind, (fill, stroke, word) in ENDING_STYLE.items():
        add(f'<rect x="{legend_x}" y="62" width="14" height="14" rx="3" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="2"/><text x="{legend_x + 20}" y="74" '
            f'font-size="12" fill="#1d2433">{word}</text>')
        legend_x += 150
    add(f'<text x="{legend_x}" y="74" font-size="12" fill="{PROBLEM_COLOUR}">'
        f"- - - masalah / problem</text>")
    # edges first, so boxes sit on top
    for edge, points, against in layout.routes:
        if edge.source == edge.target:
            cx, cy = layout.position[edge.source]
            d = (f"M{cx + NODE_W / 2:.1f},{cy - 10:.1f} c40,-30 40,50 0,20")
            label_at = (cx + NODE_W / 2 + 30, cy)
        else:
            d = _path(points, half)
            middle = points[len(points) // 2] if len(points) > 2 else (
                (points[0][0] + points[-1][0]) / 2, (points[0][1] + points[-1][1]) / 2)
            label_at = middle
        broken = edge.target in missing
        choice_ids = edge.label.split("\n")
        tallies = [(counts or {}).get(edge.source, {}).get(c) for c in choice_ids]
        taken = sum(t or 0 for t in tallies) if counts is not None else None
        width = 1.6 + (min(taken, 30) / 6 if taken else 0)
        colour = PROBLEM_COLOUR if broken else "#4a5568"
        dash = ' stroke-dasharray="6 4"' if against or broken else ""
        add(f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="{width:.1f}"{dash} '
            f'marker-end="url(#wsp-arrow)"><title>{_esc(edge.source)} → {_esc(edge.target)}'
            f"</title></path>")
        lines = [c + (f" ({t or 0})" if counts is not None else "")
                 for c, t in zip(choice_ids, tallies)]
        first_y = label_at[1] + 4 - 6.5 * (len(lines) - 1)
        for i, line in enumerate(lines):
            add(f'<text x="{label_at[0]:.1f}" y="{first_y + 13 * i:.1f}" font-size="11" '
                f'text-anchor="middle" fill="{colour}" stroke="#ffffff" stroke-width="3" '
                f'paint-order="stroke">{_esc(line)}</text>')
    for node_id in nodes + missing:
        cx, cy = layout.position[node_id]
        left, top = cx - NODE_W / 2, cy - half
        node = scenario.nodes.get(node_id)
        fill, stroke, tag, dash = "#f3f5f8", "#8895a7", "", ""
        if node is None:
            fill, stroke, dash = "#ffffff", PROBLEM_COLOUR, ' stroke-dasharray="6 4"'
            tag = "TIDAK ADA / MISSING"
        elif node.ending:
            fill, stroke, tag = ENDING_STYLE[node.ending]
        elif not node.choices:
            stroke, dash, tag = PROBLEM_COLOUR, ' stroke-dasharray="6 4"', "BUNTU / DEAD END"
        if node is not None and node_id not in reachable:
            stroke, dash = PROBLEM_COLOUR, ' stroke-dasharray="6 4"'
            tag = (tag + " · " if tag else "") + "TAK TERJANGKAU / UNREACHABLE"
        if node_id == scenario.start:
            tag = "▶ MULAI / START" + (" · " + tag if tag else "")
        add(f'<g class="wsp-graph-node" data-node="{_esc(node_id)}">')
        add(f'<rect x="{left:.1f}" y="{top:.1f}" width="{NODE_W}" height="{NODE_H}" rx="8" '
            f'fill="{fill}" stroke="{stroke}" stroke-width="2"{dash}/>')
        add(f'<text x="{left + 8:.1f}" y="{top + 16:.1f}" font-size="12" font-weight="700" '
            f'font-family="ui-monospace,monospace" fill="#1d2433">{_esc(node_id)}</text>')
        if tag:
            add(f'<text x="{left + 8:.1f}" y="{top + NODE_H - 8:.1f}" font-size="10" '
                f'font-weight="700" fill="{stroke}">{_esc(tag)}</text>')
        if node is not None:
            heading = node.title(lang) if node.title else node.text(lang)
            for i, line in enumerate(_snippet(heading)):
                add(f'<text x="{left + 8:.1f}" y="{top + 33 + i * 15:.1f}" font-size="12" '
                    f'fill="#1d2433">{_esc(line)}</text>')
            add(f"<title>{_esc(node.text(lang))}</title>")
        add("</g>")
    add("</svg>")
    return "\n".join(out)


# --------------------------------------------------------------------------- commands

def _datasets(args: argparse.Namespace) -> Path:
    from .paths import datasets_dir
    return Path(args.datasets) if args.datasets else datasets_dir()


def run_new(args: argparse.Namespace) -> int:
    try:
        path = write_template(args.name, _datasets(args))
    except (ValueError, FileExistsError) as exc:
        print(f"waspada new: {exc}", file=sys.stderr)
        return 1
    option = f" --datasets {args.datasets}" if args.datasets else ""
    print(f"Wrote {path}\nNext: edit it (every field is explained inside), then run\n"
          f"  waspada check{option}\n  waspada graph {args.name}{option}\n"
          "It is a draft (`draft: true`) until you change that line.")
    return 0


def run_graph(args: argparse.Namespace) -> int:
    given = Path(args.scenario)
    if given.suffix in (".yaml", ".yml") or given.exists():
        path = given
    else:
        path = _datasets(args) / FOLDER / f"{args.scenario}.yaml"
    try:
        item = load_file(path)
        laws = load_laws(path.parent / LAWS_FILE)
    except ContentError as exc:
        print(f"{len(exc.problems)} problem(s) stop the drawing:", file=sys.stderr)
        for problem in exc.problems:
            print(f"- {problem}", file=sys.stderr)
        return 1
    out = Path(args.out) if args.out else Path(f"{path.stem}.svg")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(scenario_svg(item.scenario, lang=args.lang), encoding="utf-8")
    scenario = item.scenario
    print(f"Wrote {out}: {len(scenario.nodes)} nodes, {len(scenario.endings)} endings, "
          f"{sum(len(n.choices) for n in scenario.nodes.values())} choices.")
    problems = graph_problems(item, laws)
    if problems:
        print(f"{len(problems)} problem(s) (marked in red in the picture where they are "
              "in the graph):", file=sys.stderr)
        for problem in problems:
            print(f"- {problem}", file=sys.stderr)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    from .cli import datasets_option

    new = subparsers.add_parser("new", help="start a new content file from a template",
                                description="Write a commented template that already passes "
                                "`waspada check`. Kinds: scenario.")
    new.add_argument("kind", choices=["scenario"], help="what to create")
    new.add_argument("name", help="file name without .yaml: lower-case, digits, dashes")
    datasets_option(new)
    new.set_defaults(func=run_new)

    graph = subparsers.add_parser("graph", help="draw a scenario's graph as SVG",
                                  description="Draw a scenario (nodes, choices, endings) as an "
                                  "SVG picture; problems are marked in red and listed.")
    graph.add_argument("scenario", help="scenario id (file name without .yaml) or a path")
    graph.add_argument("--out", default=None, metavar="FILE.svg",
                       help="where to write the picture (default: SCENARIO.svg here)")
    graph.add_argument("--lang", choices=["id", "en"], default="id",
                       help="language of the node texts (default: id)")
    datasets_option(graph)
    graph.set_defaults(func=run_graph)
