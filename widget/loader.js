/*! tsunagu loader: the one script a webmaster pastes. It finds its own folder, loads the
    widget module from there and mounts every <div data-tsunagu> placeholder (now and later). */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) {
    console.error("tsunagu: load the loader with a plain <script src=…> tag");
    return;
  }
  var base = new URL(".", script.src).href;
  // The wasm download starts now, beside the glue's, rather than after the glue has loaded:
  // the glue's init awaits whatever it is given, a pending Response included.
  var wasm = fetch(base + "tsunagu_widget_bg.wasm");
  var ready = import(base + "tsunagu_widget.js").then(function (widget) {
    return widget.default({ module_or_path: wasm }).then(function () {
      return widget;
    });
  });
  function mountAll() {
    ready.then(function (widget) {
      document.querySelectorAll("[data-tsunagu]").forEach(function (el) {
        try {
          widget.mount(el, base);
        } catch (e) {
          console.error("tsunagu:", e);
        }
      });
    }, function (e) {
      console.error("tsunagu: the widget could not be loaded from " + base, e);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mountAll);
  } else {
    mountAll();
  }
})();
