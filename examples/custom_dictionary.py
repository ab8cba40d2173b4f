"""A user dictionary merged over the bundled one: new aliases and new securities.

    python examples/custom_dictionary.py

examples/user_dictionary.csv adds two market nicknames (东财, 寒王) and an
ETF. The bundled default is never changed: ``Dictionary.from_csv`` returns a
new dictionary, and a new ``Linker`` is built on it. (From the command line:
``entitylink annotate ... --dictionary examples/user_dictionary.csv``.)
"""

from pathlib import Path

from entitylink.knowledge.dictionary import Dictionary
from entitylink.link.linker import Linker

HERE = Path(__file__).resolve().parent
TEXT = "寒王午后翻红，东财成交额居前；沪深300ETF成交额突破50亿元，资金借道宽基指数入场。"

default = Linker.default()
custom = Linker(Dictionary.from_csv(HERE / "user_dictionary.csv"))  # merged over the default

for label, linker in (("default", default), ("custom", custom)):
    doc = linker.link_text(TEXT)
    found = ", ".join(f"{m.surface}->{m.secid}" for m in doc.mentions) or "(nothing)"
    print(f"{label:>8}: {found}")

print(f"\n{len(default.dictionary)} securities in the default dictionary, "
      f"{len(custom.dictionary)} with the user file")
