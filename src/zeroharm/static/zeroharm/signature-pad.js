/* A signature drawn with a finger or the mouse (core.forms.DrawingField, the inspection's sign-off): each box marked
   data-signature-box holds a canvas.signature-pad and a hidden input. A finished stroke writes the canvas as a PNG
   data: URL into the input and fires "change" on it (a page that keeps its answers, as the inspection does, saves it
   then); "Clear" empties both. A drawing already in the input (a page restored after a reload) is shown again.
   The widget includes this script once per field: a box is wired only once. */
(function () {
  "use strict";

  function wire(box) {
    if (box.dataset.wired) { return; }
    box.dataset.wired = "1";
    var canvas = box.querySelector("canvas.signature-pad");
    var field = box.querySelector("input[type=hidden]");
    if (!canvas || !field) { return; }
    var ctx = canvas.getContext("2d");
    var drawing = false;
    ctx.lineWidth = 3; ctx.lineCap = "round"; ctx.lineJoin = "round"; ctx.strokeStyle = "#111";

    function changed() { field.dispatchEvent(new Event("change", { bubbles: true })); }
    function point(event) {
      var area = canvas.getBoundingClientRect();
      return [(event.clientX - area.left) * canvas.width / area.width,
              (event.clientY - area.top) * canvas.height / area.height];
    }
    function show(dataUrl) {
      var image = new Image();
      image.onload = function () { ctx.drawImage(image, 0, 0); };
      image.src = dataUrl;
    }
    if (field.value) { show(field.value); }
    canvas.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      drawing = true; canvas.setPointerCapture(event.pointerId);
      var p = point(event); ctx.beginPath(); ctx.moveTo(p[0], p[1]); ctx.lineTo(p[0] + 0.1, p[1] + 0.1); ctx.stroke();
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) { return; }
      var p = point(event); ctx.lineTo(p[0], p[1]); ctx.stroke();
    });
    function end() {
      if (!drawing) { return; }
      drawing = false; field.value = canvas.toDataURL("image/png"); changed();
    }
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    var clear = box.querySelector(".signature-clear");
    if (clear) {
      clear.addEventListener("click", function () {
        ctx.clearRect(0, 0, canvas.width, canvas.height); field.value = ""; changed();
      });
    }
  }

  function start() { Array.prototype.forEach.call(document.querySelectorAll("[data-signature-box]"), wire); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
