// Thaogo's forms, made easier where script runs; without it they work as plain fields.
// - A dd/mm/yyyy date field gets a calendar button: the browser's own date picker, whose
//   choice is written into the field as dd/mm/yyyy. The field still takes typed dates.
// - A filter's search field (data-option-search) refills the drop-down beside it through
//   htmx; its own typing and Enter do not reload the list the form filters.
// - A list of checkboxes gets a box above it that hides the rows not matching what is typed.
(function () {
  "use strict";

  function pad(number) {
    return String(number).padStart(2, "0");
  }

  // "14/10/2024" -> "2024-10-14", or "" when the field holds no such date.
  function toIso(text) {
    const match = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text);
    return match ? `${match[3]}-${pad(match[2])}-${pad(match[1])}` : "";
  }

  function addDatePicker(field) {
    const wrapper = document.createElement("span");
    wrapper.className = "date-field";
    field.parentNode.insertBefore(wrapper, field);
    wrapper.appendChild(field);

    const button = document.createElement("button");
    button.type = "button";
    button.className = "date-button";
    button.setAttribute("aria-label", field.dataset.datePicker);
    button.title = field.dataset.datePicker;

    // Nameless, so never sent: only the text field is.
    const picker = document.createElement("input");
    picker.type = "date";
    picker.tabIndex = -1;
    picker.setAttribute("aria-hidden", "true");
    picker.className = "date-picker";
    button.appendChild(picker);
    wrapper.appendChild(button);

    button.addEventListener("click", () => {
      picker.value = toIso(field.value);
      if (typeof picker.showPicker === "function") {
        picker.showPicker();
      } else {
        picker.focus();
      }
    });
    picker.addEventListener("change", () => {
      if (!picker.value) return;
      const [year, month, day] = picker.value.split("-");
      field.value = `${day}/${month}/${year}`;
      field.dispatchEvent(new Event("input", { bubbles: true }));
      field.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/gi, "d").toLowerCase();
  }

  function addFilter(fieldset) {
    const list = fieldset.querySelector("div.checkbox-choices");
    if (!list) return;
    const filter = document.createElement("input");
    filter.type = "search";
    filter.className = "choice-filter";
    filter.placeholder = fieldset.dataset.filterLabel;
    filter.setAttribute("aria-label", fieldset.dataset.filterLabel);
    list.parentNode.insertBefore(filter, list);
    const rows = Array.from(list.querySelectorAll("label")).map((label) => ({
      row: label.closest("div") || label,
      text: fold(label.textContent),
    }));
    filter.addEventListener("input", () => {
      const wanted = fold(filter.value.trim());
      for (const { row, text } of rows) {
        row.hidden = wanted !== "" && !text.includes(wanted);
      }
    });
    // Enter in the filter would submit the form.
    filter.addEventListener("keydown", (event) => {
      if (event.key === "Enter") event.preventDefault();
    });
  }

  function keepSearchToItself(field) {
    field.dataset.optionSearch = "ready";
    ["change", "search"].forEach((name) =>
      field.addEventListener(name, (event) => event.stopPropagation()),
    );
    field.addEventListener("keydown", (event) => {
      if (event.key === "Enter") event.preventDefault();
    });
  }

  function enhance(root) {
    root.querySelectorAll("input[data-option-search='']").forEach(keepSearchToItself);
    root.querySelectorAll("input[data-date-picker]").forEach((field) => {
      if (!field.closest(".date-field")) addDatePicker(field);
    });
    root.querySelectorAll("fieldset.choices[data-filter-label]").forEach((fieldset) => {
      if (!fieldset.querySelector(".choice-filter")) addFilter(fieldset);
    });
  }

  document.addEventListener("DOMContentLoaded", () => enhance(document));
  // Forms htmx swaps in are enhanced too.
  document.addEventListener("htmx:load", (event) => enhance(event.target));
})();
