/* phytokg graph page. Every text from the graph is put on the page with
   textContent or createTextNode: nothing read from the data is ever parsed as HTML. */
"use strict";
var network, nodes, edges;
var kg = (function () {
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  if (data.note) {
    var note = document.getElementById("kg-note");
    note.textContent = data.note; note.hidden = false;
  }
  var byNode = {}, byEdge = {}, classById = {}, relById = {};
  var adjacent = {}, factsOf = {};
  data.classes.forEach(function (c) { classById[c.id] = c; });
  data.relations.forEach(function (r) { relById[r.id] = r; });
  data.nodes.forEach(function (n) { byNode[n.id] = n; adjacent[n.id] = []; factsOf[n.id] = []; });
  data.edges.forEach(function (e) {
    byEdge[e.id] = e;
    adjacent[e.from].push(e.to); adjacent[e.to].push(e.from);
    factsOf[e.from].push(e.id);
    if (e.to !== e.from) { factsOf[e.to].push(e.id); }
  });
  var big = data.nodes.length > 1500 || data.edges.length > 3000;
  var state = {
    classOn: {}, relOn: {}, certOn: {}, minEvidence: 1, hood: null,
    selected: null, nodeOn: new Set(), edgeOn: new Set()
  };
  data.classes.forEach(function (c) { state.classOn[c.id] = true; });
  data.relations.forEach(function (r) { state.relOn[r.id] = true; });
  data.certainties.forEach(function (c) { state.certOn[c] = true; });

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function clear(e) { while (e.firstChild) { e.removeChild(e.firstChild); } }
  function safeLink(iri, text) {
    var url = null;
    try { url = new URL(iri); } catch (err) { url = null; }
    if (url && (url.protocol === "http:" || url.protocol === "https:")) {
      var a = el("a", null, text || iri);
      a.href = url.href; a.target = "_blank"; a.rel = "noopener noreferrer"; a.title = url.href;
      return a;
    }
    return el("span", "kg-iri", text || iri);
  }
  function relLabel(e) { return (e.certainty === "negated" ? "not " : "") + relById[e.rel].label; }
  function factText(e) { return byNode[e.from].label + " \u2192 " + relLabel(e) + " \u2192 " + byNode[e.to].label; }
  function fmt(x) { return (x === null || x === undefined) ? "\u2013" : Number(x).toFixed(2); }
  function tip(head, lines) {
    var d = el("div", "kg-tip");
    d.appendChild(el("div", "kg-tip-head", head));
    lines.forEach(function (l) { d.appendChild(el("div", null, l)); });
    return d;
  }

  /* ---- vis data */
  function visNode(n) {
    return {
      id: n.id, label: n.label, x: n.x, y: n.y, group: n.cls,
      size: Math.min(36, 9 + 3.2 * Math.sqrt(n.degree)),
      shapeProperties: { borderDashes: n.discovered ? [4, 3] : false },
      borderWidth: n.discovered ? 2 : 1,
      title: tip(n.label, [n.classes.join(", "), n.degree + " fact" + (n.degree === 1 ? "" : "s"),
        n.discovered ? "discovered in the text" : "from the lexicon"])
    };
  }
  var groups = {};
  data.classes.forEach(function (c) {
    groups[c.id] = { shape: c.shape, color: { background: c.color, border: "#1d2430",
      highlight: { background: c.color, border: "#000000" }, hover: { background: c.color, border: "#000000" } } };
  });
  var parallel = {};
  function visEdge(e) {
    var key = e.from < e.to ? e.from + " " + e.to : e.to + " " + e.from;
    var k = parallel[key] = (parallel[key] || 0) + 1;
    var red = e.contradicts.length > 0;
    var color = e.certainty === "negated" ? "#9aa3af" : red ? "#d62728" : relById[e.rel].color;
    var item = {
      id: e.id, from: e.from, to: e.to, label: relLabel(e),
      width: Math.min(8, 1 + 1.5 * Math.log2(Math.max(1, e.count))) + (red ? 1 : 0),
      dashes: e.certainty === "hedged" ? [7, 5] : e.certainty === "negated" ? [2, 4] : false,
      color: color,
      title: tip(factText(e), [e.certainty + ", confidence " + fmt(e.confidence),
        e.count + " evidence sentence" + (e.count === 1 ? "" : "s") + (red ? " \u2014 contradicted" : "")])
    };
    if (k > 1) { item.smooth = { enabled: true, type: k % 2 ? "curvedCW" : "curvedCCW", roundness: 0.3 * Math.floor(k / 2) }; }
    return item;
  }
  nodes = new vis.DataSet(data.nodes.map(visNode));
  edges = new vis.DataSet(data.edges.map(visEdge));
  var nodesView = new vis.DataView(nodes, { filter: function (n) { return state.nodeOn.has(n.id); } });
  var edgesView = new vis.DataView(edges, { filter: function (e) { return state.edgeOn.has(e.id); } });

  /* ---- filters */
  function edgePasses(e) {
    return state.classOn[byNode[e.from].cls] && state.classOn[byNode[e.to].cls] &&
      state.relOn[e.rel] && state.certOn[e.certainty] &&
      (e.count >= state.minEvidence || (state.minEvidence <= 1)) &&
      (!state.hood || (state.hood.has(e.from) && state.hood.has(e.to)));
  }
  function edgeFiltersActive() {
    var off = function (m) { return Object.keys(m).some(function (k) { return !m[k]; }); };
    return off(state.relOn) || off(state.certOn) || state.minEvidence > 1;
  }
  function compute() {
    var edgeOn = new Set(), linked = new Set();
    data.edges.forEach(function (e) {
      if (edgePasses(e)) { edgeOn.add(e.id); linked.add(e.from); linked.add(e.to); }
    });
    var strict = edgeFiltersActive(), nodeOn = new Set();
    data.nodes.forEach(function (n) {
      if (state.classOn[n.cls] && (!state.hood || state.hood.has(n.id)) &&
          (!strict || linked.has(n.id) || n.id === state.selected)) { nodeOn.add(n.id); }
    });
    state.edgeOn = edgeOn; state.nodeOn = nodeOn;
  }
  function status() {
    document.getElementById("kg-status").textContent =
      state.nodeOn.size + " of " + data.nodes.length + " entities \u00b7 " +
      state.edgeOn.size + " of " + data.edges.length + " facts";
  }
  function apply() {
    compute(); nodesView.refresh(); edgesView.refresh(); status();
  }
  function neighbourhood(id, depth) {
    var seen = new Set([id]), frontier = [id];
    for (var d = 0; d < depth; d++) {
      var next = [];
      frontier.forEach(function (x) {
        adjacent[x].forEach(function (y) { if (!seen.has(y)) { seen.add(y); next.push(y); } });
      });
      frontier = next;
    }
    return seen;
  }
  function checkList(listId, items, stateMap, decorate) {
    var ul = document.getElementById(listId);
    items.forEach(function (it) {
      var li = el("li"), label = el("label"), box = el("input");
      box.type = "checkbox"; box.checked = true; box.value = it.id;
      box.addEventListener("change", function () { stateMap[it.id] = box.checked; apply(); });
      label.appendChild(box);
      decorate(label, it);
      label.appendChild(el("span", null, it.label));
      label.appendChild(el("span", "kg-count", it.count));
      li.appendChild(label); ul.appendChild(li);
    });
  }
  checkList("kg-classes", data.classes, state.classOn, function (label, c) {
    var sw = el("span", "kg-swatch " + c.shape); sw.style.background = c.color; label.appendChild(sw);
  });
  checkList("kg-relations", data.relations, state.relOn, function (label, r) {
    var bar = el("span", "kg-bar"); bar.style.background = r.color; label.appendChild(bar);
  });
  checkList("kg-certainties", data.certainties.map(function (c) {
    return { id: c, label: c, count: data.edges.filter(function (e) { return e.certainty === c; }).length };
  }), state.certOn, function () {});
  var minBox = document.getElementById("kg-min-evidence");
  minBox.addEventListener("input", function () {
    var v = parseInt(minBox.value, 10); state.minEvidence = isNaN(v) ? 1 : v; apply();
  });

  /* ---- side panel */
  var panel = document.getElementById("kg-panel");
  function row(dl, term, value) {
    dl.appendChild(el("dt", null, term));
    var dd = el("dd");
    if (value instanceof Node) { dd.appendChild(value); } else { dd.textContent = String(value); }
    dl.appendChild(dd);
  }
  function nodeButton(id) {
    var b = el("button", "kg-linkbtn", byNode[id].label);
    b.type = "button";
    b.addEventListener("click", function () { focusNode(id); });
    return b;
  }
  function edgeButton(id, text) {
    var b = el("button", "kg-linkbtn", text);
    b.type = "button";
    b.addEventListener("click", function () { selectEdge(id); });
    return b;
  }
  function showNode(id) {
    var n = byNode[id];
    if (!n) { return; }
    state.selected = id;
    document.getElementById("kg-neighbourhood").disabled = false;
    clear(panel);
    panel.dataset.kind = "node"; panel.dataset.id = id;
    panel.appendChild(el("h2", null, n.label));
    var dl = el("dl");
    row(dl, "Class", n.classes.join(", "));
    if (n.alt.length) { row(dl, "Also called", n.alt.join("; ")); }
    var ids = el("span");
    n.ids.forEach(function (x, i) {
      if (i) { ids.appendChild(document.createTextNode(", ")); }
      ids.appendChild(x.link ? safeLink(x.iri, x.text) : el("span", "kg-iri", x.text));
    });
    row(dl, "Identifiers", n.ids.length ? ids : "none verified");
    row(dl, "Discovered", n.discovered ? "yes \u2014 found in the text, not in the lexicon" : "no \u2014 from the lexicon");
    row(dl, "IRI", el("span", "kg-iri", n.id));
    panel.appendChild(dl);
    panel.appendChild(el("h3", null, "Facts (" + factsOf[id].length + ")"));
    var ul = el("ul", "kg-facts");
    factsOf[id].forEach(function (eid) {
      var li = el("li"), e = byEdge[eid];
      li.appendChild(edgeButton(eid, factText(e)));
      li.appendChild(document.createTextNode(" \u00b7 " + e.certainty + ", " +
        (e.count ? e.count + " sentence" + (e.count === 1 ? "" : "s") : "no evidence recorded")));
      ul.appendChild(li);
    });
    panel.appendChild(ul);
  }
  function sentence(ev) {
    var p = el("p", "kg-sentence");
    ev.segments.forEach(function (seg) {
      if (seg[1]) { p.appendChild(el("mark", seg[1], seg[0])); } else { p.appendChild(document.createTextNode(seg[0])); }
    });
    return p;
  }
  function showEdge(id) {
    var e = byEdge[id];
    if (!e) { return; }
    clear(panel);
    panel.dataset.kind = "edge"; panel.dataset.id = id;
    var h = el("h2");
    h.appendChild(nodeButton(e.from));
    h.appendChild(document.createTextNode(" " + relLabel(e) + " "));
    h.appendChild(nodeButton(e.to));
    panel.appendChild(h);
    var dl = el("dl");
    row(dl, "Certainty", e.certainty);
    row(dl, "Confidence", fmt(e.confidence));
    row(dl, "Evidence", e.count + " sentence" + (e.count === 1 ? "" : "s"));
    if (e.contradicts.length) {
      var c = el("span", "kg-warn", "contradicted by ");
      e.contradicts.forEach(function (other, i) {
        if (i) { c.appendChild(document.createTextNode(", ")); }
        c.appendChild(byEdge[other] ? edgeButton(other, factText(byEdge[other])) : el("span", null, "a fact not shown"));
      });
      row(dl, "Conflict", c);
    }
    panel.appendChild(dl);
    panel.appendChild(el("h3", null, "Evidence"));
    var key = el("p", "kg-key");
    key.appendChild(el("mark", "s", byNode[e.from].label)); key.appendChild(document.createTextNode(" subject  "));
    key.appendChild(el("mark", "o", byNode[e.to].label)); key.appendChild(document.createTextNode(" object"));
    panel.appendChild(key);
    if (!e.evidence.length) { panel.appendChild(el("p", "kg-hint", "No evidence sentence recorded.")); }
    if (e.evidence.length && e.evidence.length < e.count) {
      panel.appendChild(el("p", "kg-hint", "Showing " + e.evidence.length + " of the " + e.count +
        " sentences (this page keeps at most " + e.evidence.length + " per fact; phytokg query lists them all)."));
    }
    e.evidence.forEach(function (ev) {
      var box = el("div", "kg-ev"), doc = data.docs[ev.doc] || { title: ev.doc, path: "" };
      var head = el("div", "kg-doc", doc.title + (doc.path && doc.path !== doc.title ? " \u2014 " + doc.path : ""));
      if (doc.url && doc.url.indexOf("https://") === 0) {
        var link = el("a", "kg-article", doc.cite || doc.url);
        link.setAttribute("href", doc.url); link.setAttribute("target", "_blank"); link.setAttribute("rel", "noopener noreferrer");
        head.appendChild(document.createTextNode(" \u00b7 ")); head.appendChild(link);
      }
      box.appendChild(head);
      box.appendChild(sentence(ev));
      var meta = [];
      if (ev.certainty) { meta.push(ev.certainty); }
      if (ev.confidence !== undefined && ev.confidence !== null) { meta.push("confidence " + fmt(ev.confidence)); }
      if (ev.cue) { meta.push("cue \u201c" + ev.cue + "\u201d"); }
      box.appendChild(el("div", "kg-meta", meta.join(" \u00b7 ")));
      panel.appendChild(box);
    });
  }
  function showHint() {
    clear(panel); panel.dataset.kind = ""; panel.dataset.id = "";
    panel.appendChild(el("p", "kg-hint", "Click an entity or a fact to see where it comes from."));
  }

  /* ---- navigation */
  function showAll() {
    state.hood = null;
    Object.keys(state.classOn).forEach(function (k) { state.classOn[k] = true; });
    Object.keys(state.relOn).forEach(function (k) { state.relOn[k] = true; });
    Object.keys(state.certOn).forEach(function (k) { state.certOn[k] = true; });
    state.minEvidence = 1; minBox.value = "1";
    Array.prototype.forEach.call(document.querySelectorAll("#kg-controls input[type=checkbox]"), function (b) { b.checked = true; });
    apply();
  }
  function focusNode(id) {
    if (!byNode[id]) { return; }
    if (!state.nodeOn.has(id)) { showAll(); }
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    showNode(id);
  }
  function selectEdge(id) {
    if (!byEdge[id]) { return; }
    if (!state.edgeOn.has(id)) { showAll(); }
    network.selectEdges([id]);
    showEdge(id);
  }
  function onClick(params) {
    if (params.nodes && params.nodes.length) { showNode(params.nodes[0]); }
    else if (params.edges && params.edges.length) { showEdge(params.edges[0]); }
    else { state.selected = null; document.getElementById("kg-neighbourhood").disabled = true; showHint(); }
  }
  document.getElementById("kg-neighbourhood").addEventListener("click", function () {
    if (!state.selected) { return; }
    var depth = parseInt(document.getElementById("kg-depth").value, 10);
    state.hood = neighbourhood(state.selected, isNaN(depth) || depth < 1 ? 1 : depth);
    apply();
    network.fit({ nodes: Array.from(state.hood), animation: false });
  });
  document.getElementById("kg-show-all").addEventListener("click", function () { showAll(); network.fit({ animation: false }); });
  document.getElementById("kg-fit").addEventListener("click", function () { network.fit({ animation: false }); });

  /* ---- search */
  var index = data.nodes.map(function (n) {
    return { id: n.id, label: n.label.toLowerCase(), alt: n.alt.map(function (a) { return a.toLowerCase(); }) };
  });
  function search(query) {
    var q = query.trim().toLowerCase(), hits = [];
    if (!q) { return hits; }
    index.forEach(function (x) {
      var rank = x.label === q ? 0 : x.label.indexOf(q) === 0 ? 1 :
        x.alt.indexOf(q) >= 0 ? 2 : x.alt.some(function (a) { return a.indexOf(q) === 0; }) ? 3 :
        x.label.indexOf(q) > 0 ? 4 : x.alt.some(function (a) { return a.indexOf(q) > 0; }) ? 5 : -1;
      if (rank >= 0) { hits.push([rank, x.label, x.id]); }
    });
    hits.sort(function (a, b) { return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0); });
    return hits.slice(0, 20).map(function (h) { return h[2]; });
  }
  var box = document.getElementById("kg-search"), results = document.getElementById("kg-results");
  function choose(id) { results.hidden = true; box.value = byNode[id].label; focusNode(id); }
  box.addEventListener("input", function () {
    clear(results);
    var hits = search(box.value);
    hits.forEach(function (id, i) {
      var n = byNode[id], li = el("li", i === 0 ? "kg-active" : null, n.label);
      li.setAttribute("role", "option"); li.dataset.id = id;
      li.appendChild(el("span", "kg-sub", n.classes.join(", ") + (n.alt.length ? " \u00b7 " + n.alt.join(", ") : "")));
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(id); });
      results.appendChild(li);
    });
    if (box.value.trim() && !hits.length) { results.appendChild(el("li", "kg-hint", "no entity found")); }
    results.hidden = !box.value.trim();
  });
  box.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      var hits = search(box.value);
      if (hits.length) { choose(hits[0]); }
    } else if (ev.key === "Escape") { results.hidden = true; }
  });
  box.addEventListener("blur", function () { results.hidden = true; });

  /* ---- the network */
  compute();
  nodesView.refresh();
  edgesView.refresh();
  var container = document.getElementById("kg-network");
  network = new vis.Network(container, { nodes: nodesView, edges: edgesView }, {
    autoResize: true,
    physics: { enabled: false },
    layout: { improvedLayout: false, randomSeed: 1 },
    groups: groups,
    interaction: { hover: !big, tooltipDelay: 200, hideEdgesOnDrag: big, hideEdgesOnZoom: big, multiselect: false },
    nodes: { borderWidth: 1, font: { size: 14, face: "system-ui, sans-serif", strokeWidth: 3, strokeColor: "#ffffff" } },
    edges: {
      arrows: { to: { enabled: true, scaleFactor: 0.55 } }, smooth: false, selectionWidth: 3,
      color: { inherit: false },
      font: { size: 11, face: "system-ui, sans-serif", align: "middle", color: "#3a4250", strokeWidth: 3 }
    }
  });
  network.on("click", onClick);
  network.once("afterDrawing", function () {
    window.kgReadyMs = performance.now();
    window.kgReady = true;
    document.body.dataset.ready = "1";
  });
  status();
  if (data.focus && byNode[data.focus]) {
    network.selectNodes([data.focus]);
    showNode(data.focus);
  }
  return { data: data, search: search, showNode: showNode, showEdge: showEdge, focusNode: focusNode,
    selectEdge: selectEdge, onClick: onClick, showAll: showAll, state: state };
})();
