// The whole stylesheet: small enough to ship with every page load on a cheap phone, cached for a day.
export const CSS = `
:root{--fg:#1a1a1a;--muted:#555;--bg:#fff;--brand:#a50e0e;--brand-dark:#7a0a0a;--line:#d0d0d0;--ok:#0b6b2e;--warn:#8a5a00;--err:#b00020;--focus:#ffbf47}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;color:var(--fg);background:var(--bg)}
a{color:#0b4ea2}
a:focus,button:focus,input:focus,select:focus,textarea:focus,summary:focus{outline:3px solid var(--focus);outline-offset:1px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:8px;z-index:9}
header.top{background:var(--brand);color:#fff;padding:8px 16px;display:flex;flex-wrap:wrap;gap:8px 24px;align-items:center;justify-content:space-between}
header.top a,header.top button.link{color:#fff}
.brand{display:flex;flex-direction:column}.logo{font-weight:700;font-size:1.25rem;text-decoration:none}.tagline{font-size:.8rem;opacity:.9}
nav{display:flex;flex-wrap:wrap;gap:4px 16px;align-items:center}
main{max-width:1100px;margin:0 auto;padding:16px}
footer{border-top:1px solid var(--line);color:var(--muted);font-size:.875rem;padding:8px 16px;max-width:1100px;margin:24px auto 0}
h1{font-size:1.5rem;margin:.5rem 0 1rem}h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
form.inline{display:inline}
button,.button{display:inline-block;background:var(--brand);color:#fff;border:0;border-radius:4px;padding:.55rem 1rem;font:inherit;cursor:pointer;text-decoration:none;min-height:44px}
button.secondary,.button.secondary{background:#fff;color:var(--brand);border:2px solid var(--brand)}
button.link{background:none;border:0;padding:0;min-height:0;text-decoration:underline;cursor:pointer;font:inherit}
.field{margin:0 0 1rem}.field label{display:block;font-weight:600;margin-bottom:.25rem}
.field input,.field select,.field textarea{width:100%;max-width:32rem;padding:.5rem;font:inherit;border:2px solid #767676;border-radius:4px;min-height:44px}
.field.has-error input,.field.has-error select{border-color:var(--err)}
.hint{color:var(--muted);margin:.1rem 0 .3rem;font-size:.9rem}.field-error{color:var(--err);font-weight:600;margin:.1rem 0}
.error-summary{border:3px solid var(--err);padding:8px 16px;margin-bottom:16px}.notice{border-left:6px solid var(--ok);background:#eef7f0;padding:8px 16px;margin-bottom:16px}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{text-align:left;border-bottom:1px solid var(--line);padding:6px 8px;vertical-align:top}th{background:#f3f3f3}
.table-wrap{overflow-x:auto}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:12px}.card{border:1px solid var(--line);border-radius:6px;padding:12px}
.card .num{font-size:1.8rem;font-weight:700}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:.8rem;background:#eee}.badge.ok{background:#dff1e4;color:var(--ok)}.badge.err{background:#fbe3e6;color:var(--err)}.badge.warn{background:#fff1d6;color:var(--warn)}
.muted{color:var(--muted)}.lead{font-size:1.1rem}code{font-size:.9em;background:#f4f4f4;padding:0 3px}
.tree li{margin:2px 0}.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:16px}
fieldset{border:1px solid var(--line);padding:8px 16px;margin:0 0 16px}legend{font-weight:600}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.filters{display:flex;flex-wrap:wrap;gap:0 16px;align-items:flex-end}.filters .field{min-width:12rem}
.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(13rem,1fr));gap:8px;margin:0 0 16px}.figures>div{border:1px solid #ccd;border-radius:6px;padding:8px}.figures dt{font-size:.9rem}.figures dd{margin:0;font-size:1.4rem;font-weight:600}
.chart{margin:0 0 16px;max-width:100%;overflow-x:auto}.chart svg{max-width:100%;height:auto}
.months{display:grid;grid-template-columns:repeat(auto-fill,minmax(15.5rem,1fr));gap:12px}
table.month{width:100%;table-layout:fixed;margin:0}table.month caption{font-weight:700;text-align:left;padding:4px 0}
table.month th,table.month td{text-align:center;padding:3px 0;border:1px solid #fff;font-size:.9rem}
.day.work{background:#fff;color:var(--fg)}.day.rest{background:#e6e6e6;color:#333}
.day.holiday{background:#b3261e;color:#fff;font-weight:700}.day.holiday.predicted{background:#fbe3e6;color:#7a0a0a;outline:2px dashed #b3261e;outline-offset:-2px}
.day.worksat{background:#0b6b2e;color:#fff;font-weight:700}.day.closure{background:#8a5a00;color:#fff;font-weight:700}
.legend{display:flex;flex-wrap:wrap;gap:4px 16px;list-style:none;padding:0}.swatch{display:inline-block;width:1.1em;height:1.1em;vertical-align:middle;border:1px solid #999}
.row-form{display:flex;flex-wrap:wrap;gap:6px;align-items:center}.row-form input,.row-form select{padding:.35rem;font:inherit;border:2px solid #767676;border-radius:4px;min-height:40px}
.result{border:2px solid var(--ok);border-radius:6px;padding:8px 16px;margin-top:16px}.due{font-size:1.4rem;margin:.25rem 0}
tr.skipped td{color:#444;background:#f6f6f6}
textarea{width:100%;max-width:40rem;font:inherit;padding:.5rem;border:2px solid #767676;border-radius:4px}
.notice.warn{border-left-color:var(--warn);background:#fff6e5}
ol.results li{margin:0 0 .6rem}.pager{display:flex;gap:16px;margin:12px 0}
table.steps input,table.steps select{padding:.3rem;font:inherit;border:2px solid #767676;border-radius:4px;min-height:40px;max-width:100%}
tr.has-error td{background:#fdecee}
@media (max-width:600px){main{padding:12px}h1{font-size:1.3rem}th,td{padding:4px}}
.desk-radios{border:0;padding:0;margin:0 0 1rem}.desk-radios legend{font-weight:600;margin-bottom:.25rem}.desk-radios.has-error{border-left:4px solid var(--err);padding-left:8px}
.desk-choice{display:inline-flex;align-items:center;gap:6px;min-height:44px;margin-right:20px;cursor:pointer}.desk-choice input{width:1.3rem;height:1.3rem;margin:0}
.desk-grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));gap:0 24px}
.desk-doc{border:1px solid var(--line);border-radius:6px;margin:0 0 12px}.desk-doc legend{font-weight:600;padding:0 4px}.desk-doc.has-error{border:3px solid var(--err)}
.desk-doc-row{display:flex;flex-wrap:wrap;gap:8px 20px;align-items:flex-end}.desk-check{font-weight:600}
.desk-count label,.desk-file label{display:block;font-size:.9rem;font-weight:600}.desk-count input{width:5.5rem;padding:.4rem;font:inherit;border:2px solid #767676;border-radius:4px;min-height:44px}
.desk-count.has-error input,.desk-file.has-error input[type=file]{border:2px solid var(--err)}.desk-file{margin-top:8px}.desk-file input[type=file]{max-width:100%;padding:4px 0;font:inherit}
.desk-preview{border:2px solid var(--ok);border-radius:6px;padding:8px 16px;margin:0 0 16px;background:#f6fbf7}
.desk-actions{margin:12px 0 24px}.desk-actions button{font-size:1.1rem;padding:.7rem 2rem}
.desk-alt{border:1px solid var(--line);border-radius:6px;padding:8px 16px;margin:0 0 16px}.desk-alt h2{margin-top:.25rem}
button.desk-danger{color:var(--err);border-color:var(--err)}
.desk-facts{display:grid;grid-template-columns:minmax(9rem,max-content) 1fr;gap:4px 16px}.desk-facts dt{font-weight:600}.desk-facts dd{margin:0}
.desk-links{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:12px;align-items:center}.desk-procedures li{margin:0 0 .4rem}.desk-row-actions{white-space:normal;min-width:12rem}
@media (max-width:600px){.desk-check{flex-basis:100%}.desk-facts{grid-template-columns:1fr}.desk-facts dd{margin-bottom:6px}.desk-actions button{width:100%}}
.dos-scope{display:flex;flex-wrap:wrap;gap:8px;margin:0 0 8px}.dos-scope a,.dos-tabs a{display:inline-block;padding:.45rem .8rem;border:2px solid var(--brand);border-radius:4px;text-decoration:none;min-height:44px;color:var(--brand)}
.dos-scope a.dos-on,.dos-tabs a.dos-on{background:var(--brand);color:#fff}.dos-tabs{list-style:none;padding:0;margin:8px 0 12px;display:flex;flex-wrap:wrap;gap:6px}.dos-count{font-weight:700}
tr.dos-row-breach td{background:#fdecee}tr.dos-row-breach td:first-child{border-left:5px solid var(--err)}tr.dos-row-late td:first-child{border-left:5px solid var(--warn)}
.dos-overdue{color:var(--err);font-weight:700}.badge.dos-breach{background:var(--err);color:#fff;font-weight:700}.dos-flags .badge{margin:0 3px 3px 0}
.dos-grid{display:grid;grid-template-columns:minmax(0,3fr) minmax(18rem,2fr);gap:0 24px;align-items:start}@media (max-width:800px){.dos-grid{grid-template-columns:1fr}}
.dos-facts{display:grid;grid-template-columns:minmax(9rem,max-content) 1fr;gap:4px 16px;margin:0}.dos-facts dt{font-weight:600}.dos-facts dd{margin:0}
.dos-panel{border:2px solid var(--brand);border-radius:6px;padding:4px 12px 12px;margin-top:1rem}.dos-panel h2{margin-top:.5rem}
.dos-action{border-top:1px solid var(--line)}.dos-action>summary{cursor:pointer;font-weight:600;padding:.6rem 0;min-height:44px;color:#0b4ea2}.dos-action[open]>summary{color:var(--brand)}.dos-action form{padding:0 0 12px}
.dos-panel .field input,.dos-panel .field select,.dos-panel textarea{max-width:100%}
.dos-group{border:0;padding:0;margin:0 0 1rem}.dos-group legend{font-weight:600;padding:0}.dos-group.has-error{border-left:4px solid var(--err);padding-left:8px}
.dos-choice{display:inline-flex;align-items:center;gap:6px;min-height:44px;margin-right:16px;cursor:pointer;font-weight:400}.field .dos-choice input,.dos-choice input{width:1.2rem;height:1.2rem;min-height:0;padding:0;margin:0}
.dos-fees input{width:100%;padding:.35rem;font:inherit;border:2px solid #767676;border-radius:4px;min-height:40px}
.dos-refused{margin-top:12px;font-size:.9rem}.dos-refused summary{cursor:pointer;min-height:44px;padding:.6rem 0}
.dos-timeline{padding-left:1.5rem}.dos-timeline li{margin:0 0 .6rem;padding-bottom:.4rem;border-bottom:1px solid var(--line)}.dos-timeline p{margin:.2rem 0}
.dos-comment{white-space:pre-wrap;border-left:3px solid var(--line);padding-left:8px}li.dos-ignored{color:var(--muted)}.dos-waits li{margin:0 0 .4rem}
`;
