/* Doing an inspection on a phone (inspections/inspection_do.html):
   - the progress: "Item 7 of 23" and a bar, as items are answered;
   - the answers kept in localStorage under the inspection's id and checklist version, restored when the page
     is loaded again (a reload, a dropped connection) and forgotten once the inspection is recorded (the detail
     page it lands on says so with data-sent-key);
   - the signature drawn on a canvas, sent as a PNG data: URL in a hidden field.
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

  function signaturePad(form, onChange) {
    var canvas = form.querySelector(".signature-pad");
    var field = form.querySelector("input[name=signature_drawing]");
    if (!canvas || !field) { return; }
    var ctx = canvas.getContext("2d");
    var drawing = false;
    ctx.lineWidth = 3; ctx.lineCap = "round"; ctx.strokeStyle = "#111";

    function point(event) {
      var box = canvas.getBoundingClientRect();
      return [(event.clientX - box.left) * canvas.width / box.width, (event.clientY - box.top) * canvas.height / box.height];
    }
    function show(dataUrl) {
      var image = new Image();
      image.onload = function () { ctx.drawImage(image, 0, 0); };
      image.src = dataUrl;
    }
    if (field.value) { show(field.value); }
    canvas.addEventListener("pointerdown", function (event) {
      drawing = true; canvas.setPointerCapture(event.pointerId);
      var p = point(event); ctx.beginPath(); ctx.moveTo(p[0], p[1]); ctx.lineTo(p[0] + 0.1, p[1] + 0.1); ctx.stroke();
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) { return; }
      var p = point(event); ctx.lineTo(p[0], p[1]); ctx.stroke();
    });
    function end() {
      if (!drawing) { return; }
      drawing = false; field.value = canvas.toDataURL("image/png"); onChange();
    }
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    var clear = form.querySelector(".signature-clear");
    if (clear) {
      clear.addEventListener("click", function () {
        ctx.clearRect(0, 0, canvas.width, canvas.height); field.value = ""; onChange();
      });
    }
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
    signaturePad(form, changed);
    progress(form);
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
