# %% [markdown]
# # entitylink in a notebook
#
# A `# %%`-cell script: open it in VS Code or Jupyter (jupytext), or run it
# with `python examples/notebook.py`. Files go to `$ENTITYLINK_EXAMPLE_OUT`
# (default `./example_output`).

# %%
import json
import os
from pathlib import Path

import pandas as pd

from entitylink.read.article import read_article
from entitylink.batch.frames import annotate_frame
from entitylink.write.frames import top_securities
from entitylink.display import save_html
from entitylink.link.linker import Linker

HERE = Path(__file__).resolve().parent if "__file__" in globals() else Path.cwd() / "examples"
DATA = HERE / "data"
OUT = Path(os.environ.get("ENTITYLINK_EXAMPLE_OUT", "example_output"))
OUT.mkdir(parents=True, exist_ok=True)
linker = Linker.default()

# %% [markdown]
# ## One article, shown with its mentions marked
# In a notebook, a `Document` as the last expression of a cell displays itself
# (`_repr_html_`); here it is also saved as a page of its own.

# %%
path = DATA / "baijiu-rally.html"
doc = linker.link(read_article(path.read_bytes(), name=path.name))
save_html(doc, OUT / "baijiu-rally.marked.html")
print(f"{len(doc.mentions)} mentions -> {OUT / 'baijiu-rally.marked.html'}")
doc

# %% [markdown]
# ## A DataFrame of articles
# One row per article: the Jekyll posts and HTML pages as they are, and each
# record of the JSONL dump. `annotate_frame` returns mentions, entities and
# errors; every row is in one of them (the `row` column joins back).

# %%
rows = []
for p in sorted(DATA.iterdir()):
    if p.suffix == ".jsonl":
        for line in p.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            rows.append({"id": rec["id"], "body": rec.get("html") or rec.get("text"), "title": rec.get("title")})
    else:
        rows.append({"id": p.stem, "body": p.read_text(encoding="utf-8"), "title": None})
df = pd.DataFrame(rows)
result = annotate_frame(df, "body", id_column="id", title_column="title", linker=linker)
print(f"{len(df)} articles: {len(result.mentions)} mentions, {len(result.entities)} entities, "
      f"{len(result.errors)} errors")
result.mentions[["row", "article_id", "surface", "secid", "kind", "method"]].head(10)

# %% [markdown]
# ## The securities named most often

# %%
top = top_securities(result.entities, n=8, by="articles")
top.to_csv(OUT / "top_securities.csv", index=False)
print(top.to_string(index=False))

# %% [markdown]
# ## A bar plot (needs matplotlib; skipped without it)

# %%
try:
    import matplotlib

    if "__file__" in globals():  # run as a script: draw without a display
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    print("matplotlib is not installed; skipping the plot (pip install matplotlib)")
else:
    from matplotlib import font_manager
    from matplotlib.ticker import MaxNLocator

    # Names are Chinese: label with them only if a CJK font is installed (else
    # they would show as boxes), and with the secid in any case.
    cjk = [f.name for f in font_manager.fontManager.ttflist
           if any(k in f.name for k in ("CJK", "Hei", "YaHei", "WenQuanYi", "Source Han", "Sans SC"))]
    if cjk:
        plt.rcParams["font.sans-serif"] = [cjk[0], "DejaVu Sans"]
    fig, ax = plt.subplots(figsize=(7, 3.5))
    labels = [f"{s}\n{n}" if cjk else s for s, n in zip(top.secid, top.name)]
    ax.bar(labels, top.articles.astype(int))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("articles")
    ax.set_title("Securities by number of articles")
    ax.tick_params(axis="x", labelsize=7)
    fig.tight_layout()
    fig.savefig(OUT / "top_securities.png", dpi=120)
    print(f"plot -> {OUT / 'top_securities.png'}")
