// Tells the kernel that this page has its widgets (Python side: FrontEndReady in
// widgets/views/app.py). A view is only drawn once the page has loaded every widget model, so
// from this message on, changes the kernel makes on its own reach the page whole.
function render({ model }) {
  model.send({ ready: true });
}

export default { render };
