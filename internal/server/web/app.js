// Live preview and small conveniences for the DPA form. The form works
// without this script: Preview and Download submit it to the server.
(function () {
  "use strict";
  var form = document.getElementById("dpa");
  if (!form) return;
  var preview = document.getElementById("preview");
  var warnings = document.getElementById("warnings");
  var summary = document.getElementById("summary");

  // A new starting point loads its values.
  document.getElementById("f-start").addEventListener("change", function (e) {
    window.location.search = "?_start=" + encodeURIComponent(e.target.value);
  });

  // Fields that apply only when another has a given value.
  function applyConditions() {
    form.querySelectorAll("[data-show-when]").forEach(function (el) {
      var cond = el.getAttribute("data-show-when").split("=");
      var ctl = form.elements[cond[0]];
      el.hidden = !!ctl && ctl.value !== cond[1];
    });
  }

  function setText(el, text) {
    while (el.firstChild) el.removeChild(el.firstChild);
    if (text) el.appendChild(document.createTextNode(text));
  }

  function showErrors(errors) {
    var byPath = {};
    var general = [];
    errors.forEach(function (e) {
      if (e.path) byPath[e.path] = e.message; else general.push(e.message);
    });
    var count = 0, labels = [];
    form.querySelectorAll(".field").forEach(function (f) {
      var path = f.getAttribute("data-path");
      var msg = byPath[path] || "";
      if (msg) {
        count++;
        var l = f.querySelector("label, .label");
        labels.push(l ? l.textContent.trim() : path);
        delete byPath[path];
      }
      f.classList.toggle("invalid", !!msg);
      var err = f.querySelector(".error");
      if (err) setText(err, msg);
      f.querySelectorAll("input, select").forEach(function (c) {
        if (msg) c.setAttribute("aria-invalid", "true"); else c.removeAttribute("aria-invalid");
      });
    });
    setText(summary, "");
    if (count) {
      var p = document.createElement("p");
      p.textContent = count + (count === 1 ? " field needs attention: " : " fields need attention: ") + labels.join(", ") + ".";
      summary.appendChild(p);
    }
    // A problem about a path the form has no field for goes at the top.
    Object.keys(byPath).forEach(function (p) { general.push(p + ": " + byPath[p]); });
    general.forEach(function (m) {
      var p = document.createElement("p");
      p.textContent = m;
      summary.appendChild(p);
    });
    summary.hidden = !count && !general.length;
  }

  var timer = null, seq = 0;
  function refresh() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var mine = ++seq;
      fetch("/preview", { method: "POST", body: new FormData(form), credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (mine !== seq) return; // a newer request is on its way
          showErrors(data.errors || []);
          if (!data.errors || !data.errors.length) {
            preview.innerHTML = data.html; // server-rendered; every value escaped
            setText(warnings, (data.warnings || []).join("\n"));
          }
          preview.setAttribute("data-state", data.errors && data.errors.length ? "stale" : "fresh");
        })
        .catch(function () { /* keep the last preview */ });
    }, 250);
  }

  form.addEventListener("input", function () { applyConditions(); refresh(); });
  form.addEventListener("change", function () { applyConditions(); refresh(); });

  // Repeatable lines and rows.
  form.addEventListener("click", function (e) {
    var t = e.target;
    if (t.classList.contains("remove")) {
      t.parentNode.parentNode.removeChild(t.parentNode);
      renumber();
      refresh();
    } else if (t.classList.contains("add")) {
      var box = t.parentNode;
      var name = box.getAttribute("data-name");
      var item = document.createElement("div");
      item.className = "item";
      if (t.getAttribute("data-kind") === "list") {
        var input = document.createElement("input");
        input.type = "text";
        input.name = name;
        input.setAttribute("aria-label", name + " line");
        item.appendChild(input);
      } else {
        box.getAttribute("data-columns").split(",").forEach(function (col) {
          var label = document.createElement("label");
          label.appendChild(document.createTextNode(col + " "));
          var input = document.createElement("input");
          input.type = "text";
          input.setAttribute("data-col", col);
          label.appendChild(input);
          item.appendChild(label);
        });
      }
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "remove";
      remove.textContent = "Remove";
      item.appendChild(remove);
      box.insertBefore(item, t);
      renumber();
      var first = item.querySelector("input");
      if (first) first.focus();
    }
  });

  // Object rows are named path.N.field, N counting from 0 in order.
  function renumber() {
    form.querySelectorAll(".rows").forEach(function (box) {
      var name = box.getAttribute("data-name");
      box.querySelectorAll(".item").forEach(function (item, i) {
        item.querySelectorAll("input").forEach(function (input) {
          var col = input.getAttribute("data-col") || input.name.split(".").pop();
          input.setAttribute("data-col", col);
          input.name = name + "." + i + "." + col;
        });
      });
    });
  }

  applyConditions();
})();
