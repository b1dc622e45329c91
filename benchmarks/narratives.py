"""Similar-narrative lookups at scale: build time, p50/p95 of `NarrativeIndex.similar()`, clusters.

    .venv/bin/python benchmarks/narratives.py                 # 100,000 narratives, 200 lookups, clusters of 20,000
    .venv/bin/python benchmarks/narratives.py --n 10000 --clusters 0

Standalone (no database, so not a case of benchmarks/run.py, whose cases are page requests). The
narratives are half English, half Chinese: the English ones are the real OSHA 2015 narratives
(../shared/data, or the committed excerpt when that is missing), each with a random date in front and
sometimes the first sentence of another appended; the Chinese ones come from templates per accident
category with random units, shifts, people, equipment, body parts, causes and outcomes. The lookups
are fresh narratives of the same two kinds (not in the index), `k=5, min_score=0.3`; and, as the incident
page asks since issue 16 (unless `--no-profiles`), with the rows' category profiles from a suggester trained on
20,000 labelled narratives of the same kinds, the query's own profile and weak matches included.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OSHA = ROOT.parent / "shared" / "data" / "osha-severe-injury-2015" / "severeinjury-2015.csv"
EXCERPT = ROOT / "tests" / "fixtures" / "osha-severe-injury-2015-excerpt.csv"


def _w(words: str) -> list[str]:
    return words.split()


UNITS = _w("""冲压车间 焊装车间 涂装车间 总装车间 机加工车间 铸造车间 热处理车间 成品仓库 原料库 锅炉房 配电室
           污水处理站 化工装置区 罐区 一号建筑工地 二号建筑工地 装卸站台 维修车间 包装车间 注塑车间 炼钢车间
           轧钢车间 选矿厂 码头作业区""")
SHIFTS = _w("夜班 白班 中班 早班 加班期间 交接班时")
PEOPLE = _w("""操作工 维修工 叉车司机 电工 焊工 起重工 架子工 搬运工 班组长 学徒工 外包工人 劳务派遣工 质检员 清洁工
            司索工 钳工 车工 铆工 油漆工 保管员""")
BODY = _w("右手 左手 右手食指 左手中指 右手拇指 右脚 左脚 头部 右臂 左臂 腰部 右腿 左腿 面部 眼睛 胸部 背部 手指")
CAUSES = _w("""未佩戴防护手套 安全联锁失效 防护罩被拆除 未执行停机挂牌 违章操作 现场照明不足 未系安全带 地面有油污
            设备带病运行 未办理作业票 监护人不在场 培训不到位 疲劳作业 光电保护装置被短接 未按规定断电
            安全通道被占用 警示标志缺失""")
OUTCOMES = _w("送医治疗 住院观察 经抢救无效死亡 休工{d}天 轻伤 重伤 骨折 缝合{d}针 截肢 当即送往医院 经包扎后继续工作")
EQUIPMENT = {
    "machine": _w("冲床 剪板机 车床 铣床 皮带输送机 注塑机 搅拌机 折弯机 钻床 压力机 卷板机 砂轮机"),
    "crane": _w("行车 桥式起重机 塔吊 汽车吊 电动葫芦 门式起重机 卷扬机"),
    "vehicle": _w("叉车 铲车 运输车 货车 电瓶车 装载机 自卸车"),
}
TEMPLATES = {  # GB 6441 category -> (equipment kind, sentences)
    "03": (
        "machine",
        _w(
            "{p}在{e}作业时{b}被{hurt} {e}运行中{p}清理废料，{b}被卷入 {p}调整{e}模具时{b}被压伤 "
            "{e}突然启动，{p}{b}被夹伤"
        ),
    ),
    "04": (
        "crane",
        _w(
            "{e}吊运{load}时吊物坠落砸中{p}{b} {e}钢丝绳断裂，{load}坠落伤及{p} "
            "{p}指挥{e}吊装{load}时被挤伤{b} {e}吊钩脱钩，{load}滑落砸伤{p}"
        ),
    ),
    "02": (
        "vehicle",
        _w("{e}倒车时撞伤{p}{b} {e}在厂区道路行驶时碾压{p}{b} {p}被转弯的{e}挤伤{b} {e}司机视线受阻撞倒{p}"),
    ),
    "09": ("", _w("{p}在{high}作业时从{h}米高处坠落，{b}受伤 {p}从{high}上坠落 {p}攀爬{high}时失足坠落，{b}骨折")),
    "01": ("", _w("{obj}从高处掉落砸中{p}{b} {p}被飞出的{obj}击中{b} 堆放的{obj}倒下砸伤{p}{b}")),
    "05": ("", _w("{p}检修{elec}时未断电触电 {p}接触带电的{elec}触电 {p}在{elec}附近作业时发生电弧灼伤")),
    "07": ("", _w("{p}被高温{hot}烫伤{b} {hot}喷溅烫伤{p}{b} {p}被{acid}灼伤{b}")),
    "19": ("", _w("{p}进入{space}作业时中毒窒息 {p}在{space}内吸入有毒气体晕倒 {space}清理作业时{p}硫化氢中毒")),
    "20": ("", _w("{p}在{floor}滑倒摔伤{b} {p}搬运物料时扭伤{b} {p}行走时绊倒，{b}受伤 {p}被刀具划伤{b}")),
    "10": ("", _w("{wall}坍塌掩埋{p} 沟槽侧壁坍塌砸伤{p}{b} 堆垛倒塌压住{p}")),
    "08": ("", _w("{room}发生火灾，{p}被烧伤 动火作业引燃{fuel}，{p}{b}烧伤")),
    "18": ("", _w("{vessel}发生爆炸，{p}受伤 粉尘爆炸造成{p}{b}受伤")),
}
SLOTS = {
    slot: _w(words)
    for slot, words in {
        "hurt": "压伤 夹伤 卷入 切伤 轧伤 绞伤",
        "load": "钢卷 模具 钢板 预制板 设备 钢管",
        "high": "脚手架 屋面 操作平台 梯子 货架 吊篮 钢结构 采光板",
        "h": "2 3 4 5 6 8 10 12",
        "obj": "钢管 扳手 砖块 模板 零件 工具 钢筋",
        "elec": "配电柜 电缆 开关箱 电焊机 照明线路",
        "hot": "铁水 蒸汽 熔融铝液 热油 热水",
        "acid": "硫酸 氢氧化钠 盐酸",
        "space": "储罐 污水井 反应釜 地下管沟 窨井",
        "floor": "车间通道 楼梯 卫生间 厂区道路 更衣室",
        "wall": "基坑边坡 围墙 土方",
        "room": "仓库 配电室 喷漆房",
        "fuel": "油漆 保温材料 纸箱",
        "vessel": "空压机储气罐 反应釜 燃气管道",
    }.items()
}


def chinese_narrative(rng: random.Random) -> tuple[str, str]:
    """(narrative, GB 6441 category) from the templates."""
    category = rng.choice(sorted(TEMPLATES))
    kind, sentences = TEMPLATES[category]
    values = {slot: rng.choice(options) for slot, options in SLOTS.items()}
    values.update(p=rng.choice(PEOPLE), b=rng.choice(BODY), e=rng.choice(EQUIPMENT.get(kind) or ["设备"]))
    hour = rng.randint(0, 23)
    when = rng.choice([f"{hour}时{rng.randint(0, 59)}分", f"凌晨{hour % 6}点左右" if hour < 6 else f"{hour}点左右", ""])
    where = rng.choice(UNITS) if rng.random() < 0.8 else ""
    shift = rng.choice(SHIFTS) if rng.random() < 0.5 else ""
    head = "".join(part for part in (when, where) if part)
    text = (f"{head}，" if head else "") + shift + rng.choice(sentences).format(**values)
    if rng.random() < 0.6:
        text += "，原因是" + rng.choice(CAUSES)
    if rng.random() < 0.7:
        text += "，" + rng.choice(OUTCOMES).format(d=rng.randint(1, 90))
    return text + "。", category


def osha_narratives() -> list[str]:
    path = OSHA if OSHA.exists() else EXCERPT
    with open(path, encoding="cp1252", newline="") as handle:
        return [row["Final Narrative"] for row in csv.DictReader(handle)]


def english_narrative(rng: random.Random, pool: list[str]) -> str:
    text = rng.choice(pool).strip()
    if rng.random() < 0.5:
        text = f"On {rng.randint(1, 12)}/{rng.randint(1, 28)}/{rng.randint(2015, 2025)}, {text[:1].lower()}{text[1:]}"
    if rng.random() < 0.3:
        text += " " + rng.choice(pool).split(". ")[0].strip() + "."
    return text


def synthetic_narratives(n: int, seed: int = 2026) -> list[str]:
    """n narratives, alternately English (from OSHA) and Chinese (from templates)."""
    rng, pool = random.Random(seed), osha_narratives()
    return [english_narrative(rng, pool) if i % 2 else chinese_narrative(rng)[0] for i in range(n)]


def category_profiler(n: int, seed: int):
    """A category suggester trained on n labelled narratives like the index's (the Chinese templates' categories,
    the OSHA reports' by their OIICS codes), for the rows' category profiles (issue 16, point 3)."""
    from django.conf import settings

    if not settings.configured:
        settings.configure(USE_I18N=False)
    from zeroharm.analytics.text import CategorySuggester
    from zeroharm.incidents.oiics import gb6441_for

    rng = random.Random(seed)
    path = OSHA if OSHA.exists() else EXCERPT
    with open(path, encoding="cp1252", newline="") as handle:
        english = [(r["Final Narrative"], gb6441_for(r["Event"], r["Source"])) for r in csv.DictReader(handle)]
    pairs = [rng.choice(english) if i % 2 else chinese_narrative(rng) for i in range(n)]
    return CategorySuggester().fit([t for t, _ in pairs], [c for _, c in pairs])


def _ms(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * pct // 100) - 1)] * 1000 if ordered else float("nan")


def _timed(calls) -> list[float]:
    times = []
    for call in calls:
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return times


_PROBE = """
import sys, time
sys.path.insert(0, {src!r})
def rollup():
    fields = dict(line.split(":", 1) for line in open("/proc/self/smaps_rollup").read().splitlines()[1:])
    kb = lambda *names: sum(int(fields[n].split()[0]) for n in names)
    return kb("Rss"), kb("Anonymous")
from pathlib import Path
from zeroharm.analytics import narrative_store, text
queries = {queries!r}
before = rollup()
start = time.perf_counter()
if {shared!r}:
    index = narrative_store.open_current(Path({path!r}))
else:
    index = text.NarrativeIndex.load({path!r})
loaded = time.perf_counter() - start
answers = [index.similar(q, k=5, min_score=0.3) for q in queries]
after = rollup()
print(after[0] - before[0], after[1] - before[1], loaded, sum(map(bool, answers)))
"""


def _memory(index, tmp: Path, joblib_path: Path, queries: list[str], profiler=None) -> None:
    """What one process holds after loading the index and answering 50 lookups: the joblib file (every process a
    private copy: the vocabulary dict, the matrix) against the memory-mapped arrays of analytics.narrative_store
    (the file's pages sit in the page cache, shared between processes; only anonymous memory — the heap, which no
    other process can share — counts once per process)."""
    import subprocess

    from zeroharm.analytics import narrative_store

    folder = tmp / "store"
    start = time.perf_counter()
    narrative_store.write(index, folder, {"count": len(index)})
    written = time.perf_counter() - start
    size = sum(f.stat().st_size for f in folder.rglob("*.npy")) / 1e6
    print(f"shared store: written in {written:.1f} s, arrays {size:.0f} MB (plus the worker's vectorizer)")
    shared = narrative_store.open_current(folder)
    lookups = _timed(lambda q=q: shared.similar(q, k=5, min_score=0.3) for q in queries)
    print(
        f"memory-mapped similar(text, k=5, min_score=0.3): p50 {_ms(lookups, 50):.1f} ms, "
        f"p95 {_ms(lookups, 95):.1f} ms over {len(queries)} lookups"
    )
    if profiler is not None:  # as an incident page asks: the query's profile, the k nearest, weak ones too
        from zeroharm.analytics.text import profiles_for

        asked = _timed(
            lambda q=q: shared.similar(q, k=5, min_score=0.0, profile=profiles_for(profiler, [q], shared.classes)[0])
            for q in queries
        )
        print(
            f"memory-mapped, as the incident page asks (the query's category profile, k=5, weak ones too): "
            f"p50 {_ms(asked, 50):.1f} ms, p95 {_ms(asked, 95):.1f} ms"
        )
    for label, shared, path in (("joblib load (before)", False, joblib_path), ("memory-mapped (after)", True, folder)):
        code = _PROBE.format(src=str(ROOT / "src"), queries=queries[:50], shared=shared, path=str(path))
        out = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,  # noqa: S603 - our code
            check=True,
        ).stdout.split()
        rss, private, seconds, found = int(out[0]) / 1024, int(out[1]) / 1024, float(out[2]), int(out[3])
        print(
            f"one process, {label}: +{rss:.0f} MB RSS, +{private:.0f} MB anonymous (not shareable), "
            f"opened in {seconds:.2f} s; four processes hold about {4 * private + (rss - private):.0f} MB "
            f"({found}/50 lookups found a match)"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="narratives in the index (default 100000)")
    parser.add_argument("--queries", type=int, default=200, help="timed lookups (default 200)")
    parser.add_argument("--clusters", type=int, default=20_000, help="narratives to cluster (default 20000; 0: skip)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--no-profiles", action="store_true", help="no category profiles (the index before issue 16, point 3)"
    )
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    from zeroharm.analytics.text import NarrativeIndex, narrative_clusters

    print(f"load average before: {', '.join(f'{x:.1f}' for x in os.getloadavg())}; {os.cpu_count()} CPUs")
    if args.clusters:
        items = list(enumerate(synthetic_narratives(args.clusters, args.seed + 1)))
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        clusters = narrative_clusters(items, min_score=0.5, min_size=3)
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        sizes = sorted((len(c) for c in clusters), reverse=True)
        print(
            f"narrative_clusters({len(items):,}, min_score=0.5, min_size=3): {seconds:.1f} s, {len(clusters)} "
            f"clusters (largest {sizes[:5]}), peak RSS {peak / 1024:.0f} MB (before {before / 1024:.0f} MB)"
        )
    texts = synthetic_narratives(args.n + args.queries, args.seed)
    queries, texts = texts[args.n :], texts[: args.n]
    profiler = None
    if not args.no_profiles:
        start = time.perf_counter()
        profiler = category_profiler(20_000, args.seed + 2)
        print(f"category suggester for the profiles: 20,000 narratives in {time.perf_counter() - start:.1f} s")
    index = NarrativeIndex()
    start = time.perf_counter()
    index.build(enumerate(texts), profiler)
    build = time.perf_counter() - start
    matrix = index._blocks[0]
    megabytes = (matrix.data.nbytes + matrix.indices.nbytes) / 1e6
    print(
        f"build {len(index):,} narratives: {build:.1f} s; {matrix.shape[1]:,} n-grams, "
        f"{matrix.nnz / len(index):.0f} per narrative, matrix {megabytes:.0f} MB"
    )

    rng = random.Random(args.seed)
    results: list[list[tuple[int, float]]] = []
    similar = _timed(lambda q=q: results.append(index.similar(q, k=5, min_score=0.3)) for q in queries)
    found = sum(bool(r) for r in results)
    print(
        f"similar(text, k=5, min_score=0.3): p50 {_ms(similar, 50):.1f} ms, p95 {_ms(similar, 95):.1f} ms, "
        f"max {_ms(similar, 100):.1f} ms over {len(queries)} lookups ({found} found a match)"
    )
    ids = [rng.randrange(args.n) for _ in range(args.queries)]
    by_id = _timed(lambda i=i: index.similar_to_id(i) for i in ids)
    print(f"similar_to_id(id): p50 {_ms(by_id, 50):.1f} ms, p95 {_ms(by_id, 95):.1f} ms")
    adds = _timed(lambda j=j: index.add([(args.n + j, queries[j % len(queries)])]) for j in range(100))
    print(
        f"add one narrative: p50 {_ms(adds, 50):.1f} ms, p95 {_ms(adds, 95):.1f} ms "
        f"({len(index._blocks)} blocks after 100 adds)"
    )
    after_adds = _timed(lambda q=q: index.similar(q) for q in queries[:50])
    print(f"similar() after the adds: p50 {_ms(after_adds, 50):.1f} ms, p95 {_ms(after_adds, 95):.1f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "narratives.joblib"
        start = time.perf_counter()
        index.save(path)
        saved = time.perf_counter() - start
        start = time.perf_counter()
        loaded = NarrativeIndex.load(path)
        print(
            f"save {saved:.1f} s, load {time.perf_counter() - start:.1f} s, file {path.stat().st_size / 1e6:.0f} MB, "
            f"{len(loaded):,} narratives"
        )
        _memory(index, Path(tmp), path, queries, profiler)

    print(f"load average after: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
