// sanctiongraph explorer: click a node of the relation graph to expand it; run SPARQL on /sparql.
// Hand-written on purpose (a few dozen lines): no CDN, no third-party code in the repository.
"use strict";
(function () {
  const SVG = "http://www.w3.org/2000/svg";
  const ID = "https://w3id.org/sanctiongraph/id/";
  const KG = "https://w3id.org/sanctiongraph/ontology#";

  function el(name, attrs, text) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text) node.textContent = text;
    return node;
  }

  function position(g) {
    const c = g.querySelector("circle");
    return [parseFloat(c.getAttribute("cx")), parseFloat(c.getAttribute("cy"))];
  }

  function addNode(svg, iri, label, x, y) {
    const g = el("g", { class: "node added", "data-iri": iri });
    g.appendChild(el("circle", { cx: x, cy: y, r: 7, fill: "#eef6e8", stroke: "#333" }));
    g.appendChild(el("text", { x: x, y: y + 18, "font-size": 10, "text-anchor": "middle" },
      label.length > 26 ? label.slice(0, 25) + "…" : label));
    g.appendChild(el("title", {}, label));
    svg.appendChild(g);
    g.addEventListener("click", () => expand(svg, g));
    return g;
  }

  async function expand(svg, g) {
    if (g.classList.contains("expanded")) { return; }
    g.classList.add("expanded");
    const iri = g.getAttribute("data-iri");
    const info = document.getElementById("graph-info");
    const answer = await fetch("/neighbours.json?iri=" + encodeURIComponent(iri)).then(r => r.json());
    const [x, y] = position(g);
    const known = new Map([...svg.querySelectorAll("g.node")].map(n => [n.getAttribute("data-iri"), n]));
    const fresh = [];
    for (const e of answer.edges || []) {
      const other = e.source === iri ? [e.target, e.target_name] : [e.source, e.source_name];
      if (!known.has(other[0])) { fresh.push(other); known.set(other[0], null); }
    }
    fresh.forEach(([otherIri, name], i) => {
      const angle = (2 * Math.PI * i) / Math.max(1, fresh.length);
      const nx = Math.max(20, Math.min(700, x + 90 * Math.cos(angle)));
      const ny = Math.max(20, Math.min(400, y + 70 * Math.sin(angle)));
      svg.insertBefore(el("line", { x1: x, y1: y, x2: nx, y2: ny, stroke: "#6b4fa3", "stroke-width": 1.5,
        class: "added-edge" }), svg.firstChild.nextSibling);
      known.set(otherIri, addNode(svg, otherIri, name, nx, ny));
    });
    if (info) {
      info.textContent = "";
      const a = document.createElement("a");
      a.href = "/firm?iri=" + encodeURIComponent(iri);
      a.textContent = "open " + (g.querySelector("title") || {}).textContent;
      info.append(`${(answer.edges || []).length} relation(s), ${fresh.length} new node(s). `, a);
    }
  }

  function graphs() {
    for (const svg of document.querySelectorAll("svg.relation-graph")) {
      const info = document.createElement("p");
      info.id = "graph-info";
      info.className = "muted";
      info.textContent = "Click a node to expand its relations.";
      svg.parentNode.insertBefore(info, svg.nextSibling);
      for (const g of svg.querySelectorAll("g.node")) {
        g.style.cursor = "pointer";
        g.addEventListener("click", () => expand(svg, g));
      }
    }
  }

  function table(data) {
    const out = document.createElement("table");
    if (data.boolean !== undefined) { out.innerHTML = "<tr><th>answer</th></tr>"; }
    const vars = (data.head && data.head.vars) || [];
    const head = out.createTHead().insertRow();
    for (const v of vars) { const th = document.createElement("th"); th.textContent = v; head.appendChild(th); }
    const body = out.createTBody();
    if (data.boolean !== undefined) { body.insertRow().insertCell().textContent = String(data.boolean); }
    for (const b of (data.results && data.results.bindings) || []) {
      const row = body.insertRow();
      for (const v of vars) {
        const cell = row.insertCell();
        const term = b[v];
        if (!term) continue;
        if (term.type === "uri" && term.value.startsWith(ID)) {
          const a = document.createElement("a");
          const local = term.value.slice(ID.length);
          a.href = local.startsWith("list/") ? "/list?key=" + encodeURIComponent(local.slice(5))
            : local.startsWith("doc/") ? "/article?iri=" + encodeURIComponent(term.value)
            : "/firm?iri=" + encodeURIComponent(term.value);
          a.textContent = local;
          cell.appendChild(a);
        } else if (term.type === "uri" && term.value.startsWith(KG)) {
          cell.textContent = "kg:" + term.value.slice(KG.length);
        } else {
          cell.textContent = term.value + (term["xml:lang"] ? "@" + term["xml:lang"] : "");
        }
      }
    }
    return out;
  }

  function sparqlPage() {
    const form = document.getElementById("sparql-form");
    if (!form) return;
    const status = document.getElementById("status");
    const results = document.getElementById("results");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      status.textContent = "running…";
      results.textContent = "";
      const response = await fetch("/sparql", {
        method: "POST",
        headers: { "Content-Type": "application/sparql-query", Accept: "application/sparql-results+json" },
        body: document.getElementById("query").value,
      });
      if (!response.ok) { status.textContent = await response.text(); return; }
      const data = await response.json();
      const n = ((data.results && data.results.bindings) || []).length;
      status.textContent = `${n} row(s)` + (response.headers.get("X-Result-Truncated") ? " (capped)" : "");
      results.appendChild(table(data));
    });
    const named = document.getElementById("named");
    const params = document.getElementById("params");
    let catalogue = [];
    fetch("/queries.json").then(r => r.json()).then(list => { catalogue = list; });
    named.addEventListener("change", () => {
      params.textContent = "";
      const query = catalogue.find(q => q.name === named.value);
      for (const p of (query && query.params) || []) {
        const input = document.createElement("input");
        input.name = p.name;
        input.placeholder = `${p.name} (${p.kind})`;
        input.title = p.description;
        input.className = "param";
        params.appendChild(input);
      }
    });
    document.getElementById("named-form").addEventListener("submit", async (event) => {
      event.preventDefault();
      if (!named.value) return;
      const search = new URLSearchParams();
      for (const input of params.querySelectorAll("input")) { if (input.value) search.set(input.name, input.value); }
      const response = await fetch(`/queries/${encodeURIComponent(named.value)}.rq?` + search.toString());
      const text = await response.text();
      if (!response.ok) { status.textContent = text; return; }
      document.getElementById("query").value = text;
      form.requestSubmit();
    });
  }

  graphs();
  sparqlPage();
})();
