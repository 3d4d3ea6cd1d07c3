// Turns every <select data-picker> into a searchable picker (Tom Select). Without JavaScript, or if
// the library fails to load, the plain select stays and posts the same values.
"use strict";

(function () {
  if (typeof TomSelect === "undefined") {
    return;
  }
  const escape = (text) => {
    const node = document.createElement("div");
    node.textContent = text;
    return node.innerHTML;
  };

  document.querySelectorAll("select[data-picker]").forEach((select) => {
    const texts = select.dataset;
    const picker = new TomSelect(select, {
      // All choices stay reachable by scrolling, not only the first matches.
      maxOptions: null,
      allowEmptyOption: !select.multiple,
      // One choice made: the list closes, so that it never covers the fields and buttons below it.
      closeAfterSelect: !select.multiple,
      // The list opens when someone types, presses the down arrow or clicks the field, not merely
      // because focus passes through it (a keyboard user tabbing past is not covered by a list).
      openOnFocus: false,
      plugins: select.multiple ? { remove_button: { title: texts.pickerRemove } } : [],
      render: {
        no_results: () => `<div class="no-results">${escape(texts.pickerNoResults)}</div>`,
      },
    });
    picker.control.addEventListener("click", () => picker.open());
    // The label now names the picker's own input; the original select is hidden from assistive
    // technology so that it is not announced twice (nameless) next to it.
    select.setAttribute("aria-hidden", "true");
    // Field errors and help texts describe the picker too.
    const described = select.getAttribute("aria-describedby");
    if (described) {
      picker.control_input.setAttribute("aria-describedby", described);
    }
    if (select.getAttribute("aria-invalid")) {
      picker.control_input.setAttribute("aria-invalid", select.getAttribute("aria-invalid"));
    }
  });
})();
