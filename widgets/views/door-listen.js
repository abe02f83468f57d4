// The join door's "Dengarkan / Listen" controls (widgets/views/door.py). This file follows
// readaloud.js in one module script, so the door speaks with the very code the app's controls
// use; the widget model is replaced by the fixed values the door wrote into data-read.
for (const el of document.querySelectorAll("#wsp-door .wsp-door-listen")) {
  const values = JSON.parse(el.dataset.read);
  render({ model: { get: (name) => values[name], on: () => {} }, el });
}
