// Studio lesson editor: live preview of the guide (debounced), autosave of the draft,
// a confirmation before publishing, and picture upload.
(function () {
  "use strict";
  const csrf = () => (document.querySelector("meta[name=csrf-token]") || {}).content || "";
  const area = document.querySelector("textarea.markdown[data-preview]");
  const pane = document.getElementById("live-preview");
  let timer = null;
  function refresh() {
    fetch(area.dataset.preview, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf(), "Accept": "application/json"},
      body: JSON.stringify({markdown: area.value}),
    }).then((r) => r.json()).then((data) => { pane.innerHTML = data.html || ""; });
  }
  if (area && pane) {
    area.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(refresh, 400); });
    refresh();
  }
  const form = document.getElementById("lesson-form");
  if (form && form.dataset.autosave) {
    const status = document.getElementById("autosave-status");
    let saving = null;
    const autosave = () => {
      fetch(form.dataset.autosave, {
        method: "POST", credentials: "same-origin", body: new FormData(form),
        headers: {"X-CSRFToken": csrf(), "Accept": "application/json"},
      }).then((r) => r.json()).then((data) => {
        if (data.error) { status.textContent = form.dataset.unsaved.replace("{message}", data.error.message); status.classList.add("alert"); return; }
        const now = new Date();
        const time = String(now.getHours()).padStart(2, "0") + ":" + String(now.getMinutes()).padStart(2, "0");
        status.textContent = form.dataset.saved.replace("{time}", time); status.classList.remove("alert");
      }).catch(() => {});
    };
    form.addEventListener("input", () => { clearTimeout(saving); saving = setTimeout(autosave, 2000); });
    form.addEventListener("submit", (event) => {
      clearTimeout(saving);
      const publishing = event.submitter && event.submitter.id === "publish-lesson";
      if (publishing && !window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }
  const box = document.querySelector(".image-box");
  if (!box || !area) return;
  const status = box.querySelector(".status");
  box.querySelector("#image-insert").addEventListener("click", () => {
    const file = box.querySelector("#image-file").files[0];
    const form = new FormData();
    if (file) form.append("image", file);
    form.append("alt", box.querySelector("#image-alt").value);
    fetch(box.dataset.url, {
      method: "POST", credentials: "same-origin", body: form,
      headers: {"X-CSRFToken": csrf(), "Accept": "application/json"},
    }).then((r) => r.json()).then((data) => {
      if (data.error) { status.textContent = data.error.message; status.className = "status alert"; return; }
      const at = area.selectionStart || area.value.length;
      area.value = area.value.slice(0, at) + "\n" + data.markdown + "\n" + area.value.slice(at);
      status.textContent = data.message; status.className = "status hint";
      refresh();
      area.dispatchEvent(new Event("input", {bubbles: true}));  // autosave the new text
    });
  });
})();
