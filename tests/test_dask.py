"""entitylink.batch.dask: a LocalCluster of 2 worker processes gives what --workers 1 gives."""

from __future__ import annotations

import gzip
import io
import json
import pickle
from pathlib import Path

import pytest

pytest.importorskip("dask.dataframe", reason="the [dask] extra (dask[dataframe]) is not installed")
pytest.importorskip("distributed", reason="the [dask] extra (distributed) is not installed")

import dask.bag as db  # noqa: E402
import dask.dataframe as dd  # noqa: E402
import pandas as pd  # noqa: E402
from distributed import Client, LocalCluster  # noqa: E402

from entitylink.batch import run as batch  # noqa: E402
from entitylink.batch import shipped  # noqa: E402
from entitylink.batch import dask as eldask  # noqa: E402
from entitylink.cli import main  # noqa: E402
from entitylink.columns import records_frame  # noqa: E402
from entitylink.link.linker import Linker  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus not found at {CORPUS}")


@pytest.fixture(scope="module")
def client():
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    c = Client(cluster)
    try:
        yield c
    finally:
        c.close()
        cluster.close()


@pytest.fixture
def inputs(tmp_path):
    """The finews corpus plus bad inputs: a dump with bad records, a broken .gz, a missing file."""
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "dump.jsonl").write_text(
        json.dumps({"id": "ok1", "text": "贵州茅台股价大涨，五粮液跟涨。"}, ensure_ascii=False) + "\n"
        + "{not json\n"
        + json.dumps({"text": "没有 id 的记录"}, ensure_ascii=False) + "\n",
        encoding="utf-8")
    (bad / "broken.md.gz").write_bytes(b"\x1f\x8b not really gzip")
    return [str(CORPUS / "finews"), str(bad), str(tmp_path / "missing.md")]


def _local_run(paths, tmp_path, level="mention"):
    out, err = tmp_path / f"local.{level}.jsonl", tmp_path / f"local.{level}.errors.jsonl"
    summary = batch.annotate(paths, linker=Linker.default(), output=str(out), errors=str(err), level=level,
                             workers=1, quiet=True, stderr=io.StringIO())
    return summary, out.read_bytes(), err.read_bytes()


@needs_corpus
def test_cluster_run_equals_workers_1(client, inputs, tmp_path):
    local, local_out, local_err = _local_run(inputs, tmp_path)
    out, err = tmp_path / "dask.jsonl", tmp_path / "dask.errors.jsonl"
    summary = eldask.annotate_dask(inputs, linker=Linker.default(), client=client, output=str(out),
                                   errors=str(err), quiet=True, chunk_size=8, stderr=io.StringIO())
    assert summary == local
    assert (summary.read, summary.failed) == (107 + 3 + 1 + 1, 4)
    assert out.read_bytes() == local_out
    assert err.read_bytes() == local_err
    assert summary.line() == local.line()
    # one Linker per worker process, unpickled once
    assert set(client.run(lambda: len(shipped._LINKERS)).values()) == {1}


@needs_corpus
def test_cli_dask_local(inputs, tmp_path, capsys):
    local, local_out, local_err = _local_run(inputs, tmp_path, level="entity")
    out, err = tmp_path / "cli.jsonl", tmp_path / "cli.errors.jsonl"
    code = main(["annotate", *inputs, "--level", "entity", "-o", str(out), "--errors", str(err), "--quiet",
                 "--dask", "local:2"])
    assert code == 1  # some inputs failed, as without --dask
    assert out.read_bytes() == local_out
    assert err.read_bytes() == local_err
    assert capsys.readouterr().err.strip().splitlines()[-1] == local.line()


def test_cli_dask_bad_scheduler(capsys):
    assert main(["annotate", "x.md", "--dask", "local:0"]) == 2
    assert main(["annotate", "x.md", "--dask", "nowhere"]) == 2


def _expected_frame(articles, level="mention"):
    linker = Linker.default()
    records = [r for a in articles for r in linker.link(a).to_records(level)]
    return records_frame(records, level)


@needs_corpus
@pytest.mark.parametrize("level", ["mention", "entity"])
def test_annotate_bag_of_path_text(client, level):
    from entitylink.read.article import read_article

    files = sorted((CORPUS / "finews").glob("*.md"))[:30]
    items = [(str(f), f.read_text(encoding="utf-8")) for f in files]
    ddf = eldask.annotate_bag(db.from_sequence(items, npartitions=4), level=level)
    assert isinstance(ddf, dd.DataFrame)
    expected = _expected_frame([read_article(t, name=p) for p, t in items], level)
    assert list(ddf.columns) == list(expected.columns)
    assert dict(ddf.dtypes) == dict(expected.dtypes)
    got = ddf.compute().reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected)
    assert len(got) > 0


def test_read_dumps_and_errors(client, tmp_path):
    recs = [{"id": "a", "text": "贵州茅台股价大涨"}, {"id": "b", "html": "<p>五粮液发布公告</p>"}]
    (tmp_path / "one.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs) + "\n\n",
                                        encoding="utf-8")
    with gzip.open(tmp_path / "two.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write(json.dumps({"id": "c", "text": "光明乳业(600597)发布公告"}, ensure_ascii=False) + "\n{bad\n")
    bag = eldask.read_dumps(str(tmp_path / "*.jsonl*"))
    items = sorted(bag.compute())
    assert [(Path(p).name, n) for p, n, _ in items] == [("one.jsonl", 1), ("one.jsonl", 2),
                                                        ("two.jsonl.gz", 1), ("two.jsonl.gz", 2)]
    with pytest.raises(Exception):
        eldask.annotate_bag(bag).compute()
    got = eldask.annotate_bag(bag, errors="skip").compute()
    assert sorted(set(got["article_id"])) == ["a", "b", "c"]
    assert set(got["secid"]) >= {"1.600519", "1.600597"}


def test_annotate_frame_column(client):
    pdf = pd.DataFrame({"doc": ["x1", "x2", "x3"],
                        "body": ["贵州茅台股价大涨", "今天天气很好", "<p>光明乳业(600597)发布公告</p>"]})
    ddf = dd.from_pandas(pdf, npartitions=2)
    got = eldask.annotate_frame_column(ddf, "body", id_column="doc").compute().reset_index(drop=True)
    assert list(got.columns) == list(records_frame([], "mention").columns)
    assert set(got["article_id"]) == {"x1", "x3"}
    assert "1.600519" in set(got["secid"]) and "1.600597" in set(got["secid"])


def test_shipped_linker_is_cached_per_process():
    linker = Linker.default()
    shipped = eldask.ShippedLinker.of(linker)
    again = pickle.loads(pickle.dumps(shipped))
    assert again.key == shipped.key
    assert again.get() is linker  # this process already holds it: no second unpickle
    assert len(pickle.dumps(shipped)) < len(shipped.blob) + 1024  # bytes only, no tokenizer


class _KillOnKillme:
    """A worker plugin (set up on every worker, restarted ones too): the worker process ends,
    as an out-of-memory kill would end it, when it links an input whose path says KILLME."""

    idempotent = True

    def setup(self, worker):
        import os as _os

        from entitylink.batch import run as worker_batch

        link_tasks = worker_batch.link_tasks

        def killer(tasks, *args, **kwargs):
            if any("KILLME" in task.path for task in tasks):
                _os._exit(9)
            return link_tasks(tasks, *args, **kwargs)

        worker_batch.link_tasks = killer


def test_a_unit_that_kills_its_dask_worker_is_a_failed_input(tmp_path, monkeypatch):
    """A chunk whose task kills its worker is linked again one unit per task on the cluster;
    the unit that kills a worker again is a failed input, and nothing is linked in this process."""
    import dask
    from distributed.diagnostics.plugin import WorkerPlugin

    (tmp_path / "in").mkdir()
    for i in range(24):
        name = "011-KILLME.txt" if i == 11 else f"{i:03d}.txt"
        (tmp_path / "in" / name).write_text(f"第{i}条：贵州茅台股价大涨", encoding="utf-8")
    ref = tmp_path / "ref.jsonl"
    batch.annotate([str(tmp_path / "in")], linker=Linker.default(), output=str(ref), quiet=True,
                   stderr=io.StringIO())
    ref_lines = [ln for ln in ref.read_bytes().splitlines(keepends=True) if b"KILLME" not in ln]

    def in_this_process(*args, **kwargs):
        raise AssertionError("a unit was linked in the main process")

    monkeypatch.setattr(batch, "link_task", in_this_process)
    monkeypatch.setattr(batch, "link_tasks", in_this_process)
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):  # KilledWorker at the first death
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    plugin = type("KillOnKillme", (_KillOnKillme, WorkerPlugin), {})()
    with cluster, Client(cluster) as client:
        client.register_plugin(plugin, name="kill-on-killme")
        out, err, warnings = tmp_path / "o.jsonl", tmp_path / "e.jsonl", io.StringIO()
        summary = eldask.annotate_dask([str(tmp_path / "in")], linker=Linker.default(), client=client,
                                       output=str(out), errors=str(err), chunk_size=8, quiet=True, stderr=warnings)
    assert (summary.read, summary.ok, summary.failed) == (24, 23, 1)
    (failure,) = [json.loads(line) for line in err.read_text(encoding="utf-8").splitlines()]
    assert failure["path"].endswith("011-KILLME.txt")
    assert "Dask task" in failure["reason"] and "not retried in the main process" in failure["reason"]
    assert out.read_bytes().splitlines(keepends=True) == ref_lines
    assert "linked again one per task" in warnings.getvalue()


def test_isolate_reports_a_failed_unit_but_stops_when_the_cluster_is_gone() -> None:
    """A unit whose own task fails on a running cluster is a failed input; when the cluster is
    gone the error stops the run (``--resume`` links those units again) instead of listing every
    remaining unit as failed."""
    from entitylink.read.task import Task

    class Failed:
        def result(self):
            raise OSError("worker lost")

    tasks = [Task(kind="file", path=f"{i}.md") for i in range(3)]
    outcomes = eldask._isolate(tasks, lambda units: Failed(), lambda msg: None, lambda: True)
    assert [o.error["path"] for o in outcomes] == ["0.md", "1.md", "2.md"]
    with pytest.raises(OSError, match="worker lost"):
        eldask._isolate(tasks, lambda units: Failed(), lambda msg: None, lambda: False)
