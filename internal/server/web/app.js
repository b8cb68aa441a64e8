// Live preview and small conveniences for the DPA form. The form works
// without this script: Preview and Download submit it to the server, which
// shows the form again with its errors and focuses the first one.
(function () {
  "use strict";
  var form = document.getElementById("dpa");
  if (!form) return;
  var preview = document.getElementById("preview");
  var warnings = document.getElementById("warnings");
  var summary = document.getElementById("summary");
  var staleNote = document.getElementById("stale-note");
  var status = document.getElementById("status");
  var lawcheck = document.getElementById("lawcheck");

  // showCheck puts the lawyer's check of the previewed document beside
  // the download bar, drawn by the server (every value escaped), open if
  // it was open.
  function showCheck(html) {
    if (!lawcheck) return;
    var was = lawcheck.querySelector("details");
    var open = !!(was && was.open);
    lawcheck.innerHTML = html || "";
    lawcheck.hidden = !html;
    var now = lawcheck.querySelector("details");
    if (now && open) now.open = true;
  }

  // The preview follows the form as it is typed: its button is for pages
  // without this script.
  var previewButton = document.getElementById("preview-button");
  if (previewButton) previewButton.hidden = true;

  // A new starting point loads its values, in the same mode.
  document.getElementById("f-start").addEventListener("change", function (e) {
    var q = "?_start=" + encodeURIComponent(e.target.value);
    if (form.elements["_mode"]) q += "&_mode=" + encodeURIComponent(form.elements["_mode"].value);
    window.location.search = q;
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

  // focusField moves to the element a summary link names: an input, or
  // the first input of a list.
  function focusField(id) {
    var el = document.getElementById(id);
    if (!el) return false;
    if (!/^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(el.tagName)) {
      el = el.querySelector("input, select") || el;
    }
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: "center" });
    return true;
  }

  summary.addEventListener("click", function (e) {
    var a = e.target.closest("a[data-target]");
    if (a && focusField(a.getAttribute("data-target"))) e.preventDefault();
  });

  // showErrors puts each message beside its field and names the fields in
  // the summary, each a link to it. It returns the first field's target.
  function showErrors(errors) {
    var byPath = {};
    var general = [];
    errors.forEach(function (e) {
      if (e.path && !byPath[e.path]) byPath[e.path] = e.message; else general.push(e.path ? e.path + ": " + e.message : e.message);
    });
    var named = [];
    form.querySelectorAll(".field").forEach(function (f) {
      var path = f.getAttribute("data-path");
      var msg = byPath[path] || "";
      if (msg) {
        named.push({ label: f.getAttribute("data-label") || path, target: targetOf(f) });
        delete byPath[path];
      }
      f.classList.toggle("invalid", !!msg);
      var err = f.querySelector(".error");
      if (err) setText(err, msg);
      f.querySelectorAll("input:not([type=hidden]), select").forEach(function (c) {
        if (msg) c.setAttribute("aria-invalid", "true"); else c.removeAttribute("aria-invalid");
      });
    });
    setText(summary, "");
    if (named.length) {
      var p = document.createElement("p");
      p.appendChild(document.createTextNode(named.length + (named.length === 1 ? " field needs attention: " : " fields need attention: ")));
      named.forEach(function (n, i) {
        if (i) p.appendChild(document.createTextNode(", "));
        var a = document.createElement("a");
        a.href = "#" + n.target;
        a.setAttribute("data-target", n.target);
        a.textContent = n.label;
        p.appendChild(a);
      });
      p.appendChild(document.createTextNode("."));
      summary.appendChild(p);
    }
    // A problem about a path the form has no field for goes in the summary.
    Object.keys(byPath).forEach(function (p) { general.push(p + ": " + byPath[p]); });
    general.forEach(function (m) {
      var p = document.createElement("p");
      p.textContent = m;
      summary.appendChild(p);
    });
    summary.hidden = !named.length && !general.length;
    if (status) status.hidden = !summary.hidden;
    return named.length ? named[0].target : "";
  }

  // targetOf is the element a field's link focuses: its input, or the
  // first input of a list.
  function targetOf(f) {
    var first = f.querySelector(".list input, .rows input[id]");
    return first && first.id ? first.id : f.getAttribute("data-target");
  }

  // showNotes says beside each field that its value is not used.
  function showNotes(notes) {
    var byPath = {};
    (notes || []).forEach(function (n) { byPath[n.path] = n.message; });
    form.querySelectorAll(".field").forEach(function (f) {
      var note = f.querySelector(".note");
      if (note) setText(note, byPath[f.getAttribute("data-path")] || "");
    });
  }

  // check asks the server to validate and preview the form as it is.
  var seq = 0;
  function check() {
    var mine = ++seq;
    return fetch("/preview", { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var errors = data.errors || [];
        if (mine === seq) {
          var first = showErrors(errors);
          if (!errors.length) {
            preview.innerHTML = data.html; // server-rendered; every value escaped
            setText(warnings, (data.warnings || []).join("\n"));
            showNotes(data.notes);
            showCheck(data.check_html);
            if (staleNote) staleNote.hidden = true;
          }
          preview.setAttribute("data-state", errors.length ? "stale" : "fresh");
          // With errors nothing can be downloaded, and the check would be
          // of a document that is not the form's: it comes back with the
          // next preview without them.
          if (lawcheck && errors.length) lawcheck.hidden = true;
          data.first = first;
        }
        data.current = mine === seq;
        return data;
      });
  }

  var timer = null;
  function refresh() {
    clearTimeout(timer);
    timer = setTimeout(function () { check().catch(function () { /* keep the last preview */ }); }, 250);
  }

  form.addEventListener("input", function () { applyConditions(); refresh(); });
  form.addEventListener("change", function () { applyConditions(); refresh(); });

  // A download is checked first: with errors, the page stays, the preview
  // is kept, and the first field with an error is focused.
  var checked = null;
  form.addEventListener("submit", function (e) {
    var button = e.submitter;
    if (!button || button.name !== "_format") return;
    if (checked === button) { checked = null; return; }
    e.preventDefault();
    clearTimeout(timer);
    check().then(function (data) {
      if (data.errors && data.errors.length) {
        if (data.first) focusField(data.first);
        else summary.scrollIntoView({ block: "nearest" });
        return;
      }
      checked = button;
      form.requestSubmit(button);
    }).catch(function () {
      // Without an answer, let the server decide.
      checked = button;
      form.requestSubmit(button);
    });
  });

  // Repeatable lines and rows.
  form.addEventListener("click", function (e) {
    var t = e.target;
    if (t.classList.contains("remove")) {
      var item = t.closest(".item");
      item.parentNode.removeChild(item);
      renumber();
      refresh();
    } else if (t.classList.contains("add")) {
      var box = t.parentNode;
      var added;
      if (t.getAttribute("data-kind") === "list") {
        added = document.createElement("div");
        added.className = "item";
        var input = document.createElement("input");
        input.type = "text";
        input.name = box.getAttribute("data-name");
        added.appendChild(input);
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "remove";
        remove.textContent = "Remove";
        added.appendChild(remove);
      } else {
        added = box.querySelector("template.new-row").content.firstElementChild.cloneNode(true);
      }
      box.insertBefore(added, t);
      renumber();
      var first = added.querySelector("input");
      if (first) first.focus();
    }
  });

  // Items are numbered for people ("Subprocessor 2"); object rows are
  // named path.N.field, N counting from 0 in order.
  function renumber() {
    form.querySelectorAll(".list").forEach(function (box) {
      var label = box.getAttribute("data-item-label");
      box.querySelectorAll(".item").forEach(function (item, i) {
        var input = item.querySelector("input");
        input.id = box.id + "-" + i;
        input.setAttribute("aria-label", label + " " + (i + 1));
        var remove = item.querySelector(".remove");
        if (remove) remove.setAttribute("aria-label", "Remove " + label.toLowerCase() + " " + (i + 1));
      });
    });
    form.querySelectorAll(".rows").forEach(function (box) {
      var name = box.getAttribute("data-name");
      var label = box.getAttribute("data-item-label");
      box.querySelectorAll(":scope > .item").forEach(function (item, i) {
        var legend = item.querySelector("legend");
        if (legend) legend.textContent = label + " " + (i + 1);
        item.querySelectorAll("input").forEach(function (input) {
          var col = input.getAttribute("data-col");
          input.name = name + "." + i + "." + col;
          input.id = box.id + "-" + i + "-" + col;
        });
        var remove = item.querySelector(".remove");
        if (remove) remove.setAttribute("aria-label", "Remove " + label.toLowerCase() + " " + (i + 1));
      });
    });
  }

  applyConditions();
})();
