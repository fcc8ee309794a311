// The one stylesheet, served as /static/app.css (no inline styles, so a strict CSP can forbid them).
export const APP_CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2330;background:#f6f7f9}
main{max-width:40rem;margin:0 auto;padding:1rem}
.top{display:flex;justify-content:space-between;align-items:center;padding:.6rem 1rem;background:#22345a;color:#fff}
.top a,.top .link{color:#fff}
.brand{font-weight:700;text-decoration:none}
h1{font-size:1.5rem;line-height:1.25}
label{display:block;font-weight:600;margin:1rem 0 .3rem}
.hint{font-weight:400;color:#505a6b;font-size:.9rem}
input[type=text],input[type=email],input[type=tel],input[type=password],select,textarea{width:100%;padding:.7rem;font:inherit;border:1px solid #8a94a6;border-radius:.4rem;background:#fff}
textarea{min-height:6rem}
fieldset{border:1px solid #c5cbd6;border-radius:.4rem;margin:1rem 0;padding:.5rem 1rem}
fieldset label{font-weight:400;margin:.4rem 0}
button,.button{display:inline-block;font:inherit;font-weight:700;padding:.8rem 1.2rem;border:0;border-radius:.5rem;background:#1f6f43;color:#fff;cursor:pointer;text-decoration:none}
button.big{width:100%;font-size:1.3rem;padding:1.1rem}
button.link{background:none;padding:0;font-weight:400;text-decoration:underline}
.inline{display:inline}
table.coverage{border-collapse:collapse;font-size:.9rem;margin:1rem 0}
table.coverage caption{text-align:left;font-weight:700;padding:.3rem 0}
table.coverage th,table.coverage td{border:1px solid #d5dae3;padding:.3rem .5rem;text-align:center}
table.coverage td.thin{background:#fff5f5;color:#a4161a;font-weight:700}
.scroll{overflow-x:auto;max-width:100%;position:relative}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
input[type=date],input[type=number]{width:100%;padding:.7rem;font:inherit;border:1px solid #8a94a6;border-radius:.4rem;background:#fff}
.error{color:#a4161a;font-weight:600}
.demo-banner{background:#fff3bf;border-bottom:2px solid #e0a800;margin:0;padding:.4rem 1rem;font-weight:600}
.errors{border:2px solid #a4161a;border-radius:.4rem;padding:.5rem 1rem;background:#fff5f5}
.card{background:#fff;border:1px solid #d5dae3;border-radius:.6rem;padding:1rem;margin:1rem 0}
.ok{border-color:#1f6f43;background:#f0fbf4}
.muted{color:#505a6b}
table{border-collapse:collapse;width:100%}
td,th{text-align:left;padding:.4rem;border-bottom:1px solid #d5dae3;vertical-align:top}
pre{white-space:pre-wrap;word-break:break-word}
h2{font-size:1.2rem;margin-top:2rem}
h3{font-size:1rem}
code{font-size:.9em;word-break:break-all}
.hp{position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden}
input[type=checkbox]{width:1.2rem;height:1.2rem;vertical-align:-.2rem;margin-right:.4rem}
button.secondary{background:#fff;color:#22345a;border:2px solid #22345a}
button.danger{background:#a4161a}
.buttons{display:flex;flex-wrap:wrap;gap:.6rem;margin-top:1.2rem}
.facts{display:grid;grid-template-columns:minmax(7rem,max-content) 1fr;gap:.3rem 1rem;margin:1rem 0}
.facts dt{font-weight:600;color:#505a6b}
.facts dd{margin:0;min-width:0;overflow-wrap:anywhere}
.names{margin:0;padding-left:1.1rem}
.timeline{padding-left:1.3rem}
.timeline li{margin:.4rem 0}
.timeline time{display:block;font-size:.85rem;color:#505a6b}
.actions .card button{margin-top:.6rem}
.wave-row{display:grid;grid-template-columns:1fr;gap:0 1rem;border-top:1px solid #d5dae3;padding:.4rem 0}
.wave-row label{margin-top:.4rem}
.wave-title{margin:.4rem 0 0;font-weight:700}
.message{background:#f6f7f9;border:1px solid #d5dae3;border-radius:.4rem;padding:.6rem;font-size:.95rem}
.placeholders ul{padding-left:1.1rem}
.templates td{overflow-wrap:anywhere}
@media (max-width:30rem){.facts{grid-template-columns:1fr}.facts dd{margin-bottom:.4rem}}
@media (min-width:40rem){.wave-row{grid-template-columns:2fr 1fr 1fr}.wave-title{grid-column:1/-1}}
input[type=time],input[type=date],input[type=datetime-local]{width:100%;padding:.7rem;font:inherit;border:1px solid #8a94a6;border-radius:.4rem;background:#fff}
.warning{border:2px solid #a35b00;background:#fff8e6}
.warning ul{padding-left:1.1rem}
.overrides,.shift-list{list-style:none;padding:0}
.overrides form{margin-top:.4rem}
.shifts tr.gap td{background:#fff8e6}
.shifts td{overflow-wrap:anywhere}
.crisis{border:2px solid #a4161a;background:#fff5f5}
.crisis h2{margin-top:0;color:#a4161a;font-size:1.2rem}
.resources{padding-left:1.2rem}
.resources li{margin:.4rem 0}
.scope h2{margin-top:0;font-size:1.1rem}
main a{overflow-wrap:anywhere}
nav.nav{background:#1b2a4a}
nav.nav ul{display:flex;flex-wrap:wrap;gap:0 .2rem;margin:0 auto;padding:0 .5rem;list-style:none;max-width:72rem}
nav.nav a{display:block;padding:.6rem .6rem;color:#fff;text-decoration:none;white-space:nowrap;min-height:44px}
nav.nav a[aria-current=page]{box-shadow:inset 0 -3px 0 #8fd3a8;font-weight:700}
nav.nav a:focus-visible,.top a:focus-visible{outline:3px solid #ffd166;outline-offset:-3px}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible{outline:3px solid #1f6feb;outline-offset:2px}
main.wide{max-width:72rem}
main button.link{color:#1a4fb0}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.pill{display:inline-block;padding:.1rem .55rem;border-radius:1rem;font-size:.85rem;font-weight:600;background:#e6e9ef;color:#1d2330}
.phase-offering,.phase-matching{background:#fff1c2;color:#5c4200}
.phase-assigned{background:#d7f2e1;color:#14532d}
.phase-unmatched,.phase-cancelled{background:#eceef2;color:#3d4452}
.badge{font-size:.8rem;text-transform:uppercase;letter-spacing:.03em}
.urgent-badge{color:#a4161a}
.num{font-variant-numeric:tabular-nums}
.live-status{display:flex;flex-wrap:wrap;gap:.4rem 1rem;align-items:center;font-size:.95rem}
#live-status[data-state=live]{color:#14532d}
#live-status[data-state=reconnecting],#live-status[data-state=stopped]{color:#a4161a}
table.board tr.urgent td:first-child{box-shadow:inset 4px 0 0 #a4161a}
table.board tr.late .elapsed{color:#a4161a;font-weight:700}
table.board tr.changed{animation:flash 1.5s ease-out}
@keyframes flash{from{background:#fff4b8}to{background:transparent}}
@media (prefers-reduced-motion:reduce){table.board tr.changed{animation:none}}
.table-wrap{overflow-x:auto}
.link-list{padding-left:1.1rem}.link-list li{margin:.5rem 0}
.lang-switch{font-size:.95rem}
.lang-switch a[aria-current]{font-weight:700;text-decoration:none;color:inherit}
.metrics-grid{display:grid;grid-template-columns:1fr;gap:0 1rem}
@media (min-width:64rem){.metrics-grid{grid-template-columns:1fr 1fr}}
.metric h2{margin-top:0}
svg.chart{width:100%;height:auto;display:block}
svg.chart .grid{stroke:#e1e5ec;stroke-width:1}
svg.chart .tick{font-size:12px;fill:#505a6b}
svg.chart .line{fill:none;stroke-width:2.5}
svg.chart .series-0 .line{stroke:#22345a}svg.chart .series-0 .point,svg.chart .series-0 .bar{fill:#22345a}
svg.chart .series-1 .line{stroke:#c2410c;stroke-dasharray:6 4}svg.chart .series-1 .point,svg.chart .series-1 .bar{fill:#c2410c}
svg.chart .reference{stroke:#1f6f43;stroke-width:1.5;stroke-dasharray:2 3}
svg.chart .reference-label{fill:#1f6f43}
.legend{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;list-style:none;padding:0;margin:.4rem 0;font-size:.9rem}
.legend .key{display:inline-block;width:1.4rem;height:.8rem;margin-right:.4rem;vertical-align:middle}
.legend .key.series-0{background:#22345a}.legend .key.series-1{background:#c2410c}
.legend .key.line.series-1{background:linear-gradient(90deg,#c2410c 60%,transparent 60%);background-size:.5rem .8rem}
table.heatmap{font-size:.75rem;width:auto}table.heatmap th,table.heatmap td{border:1px solid #d5dae3;padding:.2rem .25rem;text-align:center;white-space:nowrap}
table.heatmap caption{text-align:left;padding:.3rem 0;font-size:.85rem}
table.heatmap .n{display:block;font-size:.65rem}
.heat-0{background:#d8f0e0;color:#0f3d22}.heat-1{background:#fdf3c4;color:#4a3b00}.heat-2{background:#fbd5b5;color:#6b2a00}.heat-3{background:#a4161a;color:#fff}.heat-none{background:#e6e8ee;color:#1c2433}
.heat-legend .key{border:1px solid #aab}
.periods a{margin-right:.8rem}.periods a[aria-current]{font-weight:700;color:inherit;text-decoration:none}
ul.offers,ul.taken{list-style:none;padding:0}
.offer button.link{min-height:44px;margin-top:.4rem}
.urgent-offer{border:2px solid #a4161a}
details summary{cursor:pointer;min-height:44px;display:flex;align-items:center}
@media (max-width:40rem){table.board thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
table.board,table.board tbody,table.board tr,table.board td{display:block;width:100%}
table.board tr{background:#fff;border:1px solid #d5dae3;border-radius:.6rem;margin:.7rem 0;padding:.4rem .6rem}
table.board td{border:0;padding:.15rem 0;display:grid;grid-template-columns:7.5rem 1fr;gap:.5rem}
table.board td::before{content:attr(data-label);font-weight:600;color:#505a6b}
table.board td>*{justify-self:start}}
`;
