// Site plan: drag risk points onto the plan image; the position (percent of the plan) is saved by a POST.
// Plain pointer events on the document (a point moved into the plan leaves its old parent, which would
// drop a pointer capture), no library; works with a mouse and a finger.
(function () {
  "use strict";
  const canvas = document.querySelector(".plan-canvas");
  if (!canvas || canvas.dataset.canPlace !== "1") return;
  const status = document.querySelector(".plan-status");
  const csrf = (document.cookie.match(/(?:^|; )csrftoken=([^;]+)/) || [])[1] || "";
  let dragged = null, moved = false;

  function percent(event) {
    const box = canvas.getBoundingClientRect();
    const x = ((event.clientX - box.left) / box.width) * 100;
    const y = ((event.clientY - box.top) / box.height) * 100;
    return { x: Math.min(100, Math.max(0, x)).toFixed(2), y: Math.min(100, Math.max(0, y)).toFixed(2),
             inside: x >= 0 && x <= 100 && y >= 0 && y <= 100 };
  }

  function save(point, spot) {
    const body = new URLSearchParams({ point: point.dataset.point, x: spot.x, y: spot.y });
    return fetch(canvas.dataset.placeUrl, { method: "POST", body, credentials: "same-origin",
                                            headers: { "X-CSRFToken": decodeURIComponent(csrf) } })
      .then((response) => response.json().then((data) => ({ ok: response.ok && data.ok, data })));
  }

  document.querySelectorAll(".plan-point").forEach((point) => {
    point.addEventListener("pointerdown", (event) => {
      event.preventDefault();
      dragged = point; moved = false;
    });
    point.addEventListener("click", (event) => { if (moved) event.preventDefault(); });
    point.addEventListener("dragstart", (event) => event.preventDefault());
  });

  document.addEventListener("pointermove", (event) => {
    if (!dragged) return;
    moved = true;
    if (dragged.parentElement !== canvas) canvas.appendChild(dragged);
    const spot = percent(event);
    dragged.style.left = spot.x + "%"; dragged.style.top = spot.y + "%";
  });

  document.addEventListener("pointerup", (event) => {
    const point = dragged;
    dragged = null;
    if (!point || !moved) return;  // a click: the link opens the risk point
    const spot = percent(event);
    if (!spot.inside) { window.location.reload(); return; }
    point.classList.add("saving");
    save(point, spot).then(({ ok, data }) => {
      point.classList.remove("saving");
      status.textContent = ok ? point.title + " ✓" : data.error;
      status.classList.toggle("error", !ok);
      if (!ok) window.location.reload();
    });
  });
})();
