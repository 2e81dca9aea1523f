/// The search page at `/`: one self-contained document (no script, style or font from
/// elsewhere), right to left, searching as the user types.
enum SearchPage {
    static let html = #"""
<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>بحث عربي</title>
<style>
:root { --ink: #1d2330; --muted: #5b6475; --line: #d9dde5; --accent: #0b6e4f; --mark: #ffe58a; --bg: #fbfbfa; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "Amiri", "Scheherazade New", "Geeza Pro", "Arabic Typesetting", "Segoe UI", Tahoma, "DejaVu Sans", sans-serif;
  font-size: 18px; line-height: 1.7; }
main { max-width: 46rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; }
form { display: flex; gap: .5rem; }
input[type=search] { flex: 1; min-width: 0; font: inherit; padding: .55rem .8rem; border: 1px solid var(--line); border-radius: .5rem; background: #fff; }
input[type=search]:focus { outline: 2px solid var(--accent); outline-offset: 1px; }
button { font: inherit; padding: .45rem 1rem; border: 1px solid var(--accent); border-radius: .5rem; background: var(--accent); color: #fff; cursor: pointer; }
button[disabled] { opacity: .45; cursor: default; }
#status { color: var(--muted); font-size: .9rem; min-height: 1.6rem; margin: .6rem 0; }
#status.error { color: #a61b1b; }
#suggestion { margin: 0 0 .6rem; }
#suggestion a { color: var(--accent); font-weight: 600; }
ol { list-style: none; padding: 0; margin: 0; }
li.hit { border-bottom: 1px solid var(--line); padding: .8rem 0; }
.hit h2 { font-size: 1.1rem; margin: 0; }
.meta { color: var(--muted); font-size: .8rem; direction: ltr; unicode-bidi: isolate; display: inline-block; }
.snippet { margin: .3rem 0 0; }
mark { background: var(--mark); color: inherit; padding: 0 .1em; border-radius: .2em; }
nav { display: flex; justify-content: space-between; align-items: center; margin-top: 1rem; gap: .5rem; }
details { margin-top: 2rem; color: var(--muted); font-size: .9rem; }
code { direction: rtl; unicode-bidi: embed; background: #eef0f4; padding: 0 .25em; border-radius: .2em; }
@media (max-width: 30rem) { body { font-size: 17px; } main { padding: 1rem .75rem 2rem; } button { padding: .45rem .7rem; } }
</style>
</head>
<body>
<main>
<h1>بحث في النصوص العربية</h1>
<form id="form" role="search">
  <label for="q" hidden>الاستعلام</label>
  <input id="q" name="q" type="search" autocomplete="off" autofocus placeholder="اكتب كلمات البحث… (/ للانتقال إلى المربع)" aria-describedby="status">
  <button type="submit">ابحث</button>
</form>
<div id="status" role="status" aria-live="polite"></div>
<p id="suggestion" hidden>هل تقصد: <a id="suggested" href="#"></a>؟</p>
<ol id="results"></ol>
<nav id="pages" hidden>
  <button id="previous" type="button">→ السابق</button>
  <span id="page" class="meta"></span>
  <button id="next" type="button">التالي ←</button>
</nav>
<details>
  <summary>صيغة الاستعلام</summary>
  <ul>
    <li>كلمات متعددة: <code>الذكاء الاصطناعي</code> تبحث عن أيّ منها، والأكثر صلة أولًا.</li>
    <li>كلمة لازمة أو مستبعدة: <code>+الذكاء -البشري</code></li>
    <li>عبارة: <code>"الذكاء الاصطناعي"</code>، وعبارة متقاربة: <code>"الذكاء التعلم"~3</code></li>
    <li>بادئة: <code>تعلم*</code>؛ في العنوان فقط: <code>title:ذكاء</code></li>
    <li>AND و OR و NOT والأقواس: <code>(آلة OR حاسوب) AND تعلم</code></li>
  </ul>
</details>
</main>
<script>
"use strict";
const pageSize = 10;
const box = document.getElementById("q"), form = document.getElementById("form");
const statusLine = document.getElementById("status"), list = document.getElementById("results");
const pages = document.getElementById("pages"), previous = document.getElementById("previous");
const next = document.getElementById("next"), pageLabel = document.getElementById("page");
const suggestion = document.getElementById("suggestion"), suggested = document.getElementById("suggested");
const encoder = new TextEncoder(), decoder = new TextDecoder();
let offset = 0, timer = 0, latest = 0;

function say(text, isError) {
  statusLine.textContent = text;
  statusLine.className = isError ? "error" : "";
}

// The snippet as text nodes and <mark>s: highlights are UTF-8 byte ranges of the snippet.
function snippetNode(text, highlights) {
  const bytes = encoder.encode(text), p = document.createElement("p");
  p.className = "snippet";
  let at = 0;
  for (const [start, end] of highlights.slice().sort((a, b) => a[0] - b[0])) {
    if (start < at || end > bytes.length) continue;
    p.append(decoder.decode(bytes.subarray(at, start)));
    const mark = document.createElement("mark");
    mark.textContent = decoder.decode(bytes.subarray(start, end));
    p.append(mark);
    at = end;
  }
  p.append(decoder.decode(bytes.subarray(at)));
  return p;
}

function show(data) {
  list.replaceChildren();
  // "Did you mean": a link that searches the corrected query.
  suggestion.hidden = !data.suggestion;
  suggested.textContent = data.suggestion ? data.suggestion.query : "";
  for (const hit of data.hits) {
    const li = document.createElement("li"), h = document.createElement("h2"), meta = document.createElement("span");
    li.className = "hit";
    h.textContent = hit.title || hit.id;
    meta.className = "meta";
    meta.textContent = "#" + hit.rank + " · " + hit.score.toFixed(3) + " · " + hit.id;
    li.append(h, meta, snippetNode(hit.snippet, hit.highlights));
    list.append(li);
  }
  const total = data.total_hits, shown = data.hits.length;
  if (shown === 0) {
    say(data.offset > 0 ? "لا نتائج في هذه الصفحة." : (data.notices && data.notices.length ? data.notices[0] : "لا نتائج."), false);
  } else {
    // The time is a left-to-right run of its own (U+2066 … U+2069), so "ms" stays after the number.
    say((data.total_hits_exact ? "" : "أكثر من ") + total + " نتيجة · \u2066" + data.took_ms + " ms\u2069", false);
  }
  const last = data.offset + shown;
  pages.hidden = !(data.offset > 0 || (shown === pageSize && last < total) || !data.total_hits_exact && shown === pageSize);
  previous.disabled = data.offset === 0;
  next.disabled = shown < pageSize || (data.total_hits_exact && last >= total);
  pageLabel.textContent = (data.offset + 1) + "–" + last;
}

async function search(from) {
  const query = box.value.trim();
  offset = from;
  const ticket = ++latest;
  if (!query) {
    list.replaceChildren(); pages.hidden = true; suggestion.hidden = true; say("", false);
    history.replaceState(null, "", location.pathname);
    return;
  }
  history.replaceState(null, "", "?q=" + encodeURIComponent(query) + (offset ? "&offset=" + offset : ""));
  say("جارٍ البحث…", false);
  try {
    const response = await fetch("search?q=" + encodeURIComponent(query) + "&top=" + pageSize + "&offset=" + offset
      + "&spelling=suggest");
    const data = await response.json();
    if (ticket !== latest) return;  // a newer search has started
    if (!response.ok) {
      list.replaceChildren(); pages.hidden = true; suggestion.hidden = true;
      say("خطأ: " + data.error + (data.column ? " (العمود " + data.column + ")" : ""), true);
      return;
    }
    show(data);
  } catch (error) {
    if (ticket === latest) say("تعذّر الاتصال بالخادم.", true);
  }
}

box.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => search(0), 250); });
form.addEventListener("submit", (event) => { event.preventDefault(); clearTimeout(timer); search(0); });
previous.addEventListener("click", () => search(Math.max(0, offset - pageSize)));
suggested.addEventListener("click", (event) => {
  event.preventDefault(); box.value = suggested.textContent; clearTimeout(timer); search(0); box.focus();
});
next.addEventListener("click", () => search(offset + pageSize));
document.addEventListener("keydown", (event) => {
  if (event.key === "/" && document.activeElement !== box) { event.preventDefault(); box.focus(); }
  else if (event.key === "Escape" && document.activeElement === box) { box.value = ""; search(0); }
});
const initial = new URLSearchParams(location.search);
if (initial.get("q")) { box.value = initial.get("q"); search(Number(initial.get("offset")) || 0); }
</script>
</body>
</html>
"""#
}
