/* Doing an inspection on a phone (inspections/inspection_do.html):
   - the progress: "Item 7 of 23" and a bar, as items are answered;
   - the answers kept in localStorage under the inspection's id and checklist version, restored when the page
     is loaded again (a reload, a dropped connection) and forgotten once the inspection is recorded (the detail
     page it lands on says so with data-sent-key);
   - the signature drawn on a canvas (signature-pad.js, loaded after this script so that it shows a restored
     drawing), sent as a PNG data: URL in a hidden field.
   Photos cannot be kept (a file input cannot be filled in by a script): they are chosen again. */
(function () {
  "use strict";

  function forgetSent() {
    var sent = document.querySelector("[data-sent-key]");
    if (sent) { try { localStorage.removeItem(sent.getAttribute("data-sent-key")); } catch (e) { /* private mode */ } }
  }

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.type !== "file" && el.type !== "submit";
    });
  }

  function save(form, key) {
    var answers = {};
    fields(form).forEach(function (el) {
      if (el.type === "radio") { if (el.checked) { answers[el.name] = el.value; } }
      else if (el.type === "checkbox") { answers[el.name] = el.checked; }
      else { answers[el.name] = el.value; }
    });
    try { localStorage.setItem(key, JSON.stringify(answers)); } catch (e) { /* full or private: keep going */ }
  }

  function restore(form, key) {
    var answers;
    try { answers = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { answers = null; }
    if (!answers) { return; }
    fields(form).forEach(function (el) {
      if (!(el.name in answers)) { return; }
      if (el.type === "radio") { el.checked = answers[el.name] === el.value; }
      else if (el.type === "checkbox") { el.checked = !!answers[el.name]; }
      else { el.value = answers[el.name]; }
    });
  }

  function progress(form) {
    var box = document.querySelector(".inspect-progress");
    if (!box) { return; }
    var items = form.querySelectorAll(".inspect-item");
    var answered = Array.prototype.filter.call(items, function (item) {
      return item.querySelector("input[type=radio]:checked");
    }).length;
    box.querySelector(".progress-current").textContent = answered;
    box.querySelector("progress").value = answered;
  }

  function start() {
    forgetSent();
    var form = document.querySelector("form[data-draft-key]");
    if (!form) { return; }
    var key = form.getAttribute("data-draft-key");
    restore(form, key);
    var changed = function () { save(form, key); progress(form); };
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    progress(form);
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
