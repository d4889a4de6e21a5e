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
  // So do the directories of the placeholders already on the page. The address is the one the
  // widget builds (api::feed_url in widget/src/api.rs); each instance takes its own from
  // this map, and fetches anew when it finds none (a placeholder added later, a retry).
  var early = new Map();
  function feedUrl(el) {
    var api;
    try {
      api = new URL(el.getAttribute("data-api") || script.src);
    } catch (e) {
      return null;
    }
    if (api.protocol !== "http:" && api.protocol !== "https:") return null;
    var facility = el.getAttribute("data-facility");
    if (facility !== null && !/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/.test(facility)) return null;
    return api.origin + "/v2/feed" + (facility !== null ? "?facility=" + facility : "");
  }
  document.querySelectorAll("[data-tsunagu]").forEach(function (el) {
    var url = feedUrl(el);
    if (url && !early.has(url)) {
      var pending = fetch(url);
      // Nobody may be waiting yet; the instance that takes it reports a failure itself.
      pending.catch(function () {});
      early.set(url, pending);
    }
  });
  function mountAll() {
    ready.then(function (widget) {
      document.querySelectorAll("[data-tsunagu]").forEach(function (el) {
        try {
          widget.mount(el, base, early);
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
