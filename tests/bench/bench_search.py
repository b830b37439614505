"""Benchmark of the search index: build time and query latency on 2,000 lessons.

Run: `.venv/bin/python tests/bench/bench_search.py [--lessons N] [--rounds R]`.
Generates a deterministic catalogue (first aid, mediation, fire safety), builds the
index in a temporary directory, runs a mixed query set (Chinese, full pinyin,
initials, mixed) and prints a table; the figures also go to tests/bench/results/.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from courses.search import SearchDoc, open_or_create, warm_up  # noqa: E402

TOPICS = {
    "急救": {
        "subjects": [
            "心肺复苏",
            "AED除颤",
            "止血包扎",
            "骨折固定",
            "烧伤烫伤",
            "中暑",
            "气道异物梗阻",
            "溺水救护",
            "低血糖晕倒",
            "交通事故伤员",
        ],
        "actions": [
            "现场判断",
            "操作步骤",
            "常见错误",
            "拨打120",
            "等待救援",
            "自我保护",
            "伤情观察",
        ],
        "sentences": [
            "先确认现场安全，再靠近伤员。",
            "轻拍双肩并大声呼叫，判断有无反应。",
            "胸外按压深度五到六厘米，频率每分钟一百到一百二十次。",
            "取出AED后按语音提示贴好电极片。",
            "用干净的布直接按压伤口止血。",
            "不要随意搬动疑似脊柱受伤的人。",
            "用流动的凉水冲洗烫伤部位十五分钟。",
            "把中暑的人移到阴凉通风处，补充淡盐水。",
        ],
    },
    "调解": {
        "subjects": [
            "顾客投诉",
            "配送超时纠纷",
            "工资拖欠",
            "平台申诉",
            "交通事故赔偿",
            "劳动合同",
            "工伤认定",
            "社区矛盾",
        ],
        "actions": [
            "沟通技巧",
            "证据保存",
            "调解流程",
            "法律援助",
            "情绪管理",
            "协商话术",
            "维权渠道",
        ],
        "sentences": [
            "先倾听对方的诉求，不要急于争辩。",
            "保存聊天记录、订单截图和录音作为证据。",
            "可以向工会或劳动争议调解委员会申请调解。",
            "协商时语气平和，说清事实和要求。",
            "拨打12351职工服务热线寻求法律援助。",
            "签字之前仔细阅读协议的每一条。",
            "遇到冲突先离开现场，避免情绪升级。",
        ],
    },
    "消防": {
        "subjects": [
            "电动车电池起火",
            "灭火器使用",
            "消防栓",
            "厨房油锅着火",
            "高层火灾逃生",
            "充电安全",
            "消防设施",
            "烟雾报警器",
        ],
        "actions": [
            "扑救方法",
            "逃生路线",
            "检查要点",
            "预防措施",
            "报警方法",
            "疏散引导",
        ],
        "sentences": [
            "电动车不要在楼道和室内充电。",
            "拔下灭火器保险销，对准火焰根部喷射。",
            "油锅着火时盖上锅盖，关闭燃气阀门。",
            "用湿毛巾捂住口鼻，低姿沿疏散通道撤离。",
            "拨打119时说清地址、起火物和有无被困人员。",
            "每月检查一次烟雾报警器的电池。",
            "不要乘坐电梯逃生。",
        ],
    },
}

QUERIES = {
    "chinese": [
        "心肺复苏",
        "灭火器",
        "纠纷",
        "止血包扎",
        "电动车 充电",
        "逃生",
        "证据",
    ],
    "full_pinyin": [
        "xinfeifusu",
        "miehuoqi",
        "jiufen",
        "xin fei fu su",
        "zhixue",
        "diandongche",
        "xinfeif",
    ],
    "initials": ["xffs", "mhq", "jf", "zxbz", "ddc", "xfs", "gsrd"],
    "mixed": ["AED 使用", "ddc 起火", "120 急救", "xffs 步骤"],
}


def catalogue(lessons: int, seed: int = 20240601) -> list[SearchDoc]:
    """Deterministic courses and lessons with Chinese titles and guide text."""
    rng = random.Random(seed)
    docs, per_course = [], 20
    for n in range(lessons):
        topic = list(TOPICS)[(n // per_course) % len(TOPICS)]
        vocab, course_id = TOPICS[topic], f"c{n // per_course}"
        if n % per_course == 0:
            docs.append(_course(rng, course_id, topic, vocab))
        subject, action = rng.choice(vocab["subjects"]), rng.choice(vocab["actions"])
        title = f"{subject}的{action}" if rng.random() < 0.5 else f"{subject}：{action}"
        guide = "".join(
            rng.choice(vocab["sentences"]) for _ in range(rng.randint(20, 40))
        )
        captions = "".join(rng.choice(vocab["sentences"]) for _ in range(10))
        docs.append(
            SearchDoc(
                "lesson",
                f"l{n}",
                course_id,
                title,
                f"本节介绍{subject}的{action}。",
                f"{guide}\n{captions}",
            )
        )
    return docs


def _course(rng, course_id, topic, vocab) -> SearchDoc:
    subjects = rng.sample(vocab["subjects"], 3)
    title = f"骑手{topic}课程：{subjects[0]}"
    summary = f"面向外卖骑手和快递员的{topic}课程，包括{'、'.join(subjects)}。"
    return SearchDoc("course", course_id, None, title, summary, "")


def measure(index, rounds: int) -> tuple[dict, dict]:
    """Wall-clock and CPU milliseconds per query kind (CPU shows contention)."""
    wall: dict[str, list[float]] = {kind: [] for kind in QUERIES}
    cpu: dict[str, list[float]] = {kind: [] for kind in QUERIES}
    for _ in range(rounds):
        for kind, queries in QUERIES.items():
            for q in queries:
                start, start_cpu = time.perf_counter(), time.process_time()
                index.search(q)
                wall[kind].append((time.perf_counter() - start) * 1000)
                cpu[kind].append((time.process_time() - start_cpu) * 1000)
    return wall, cpu


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lessons", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    start = time.perf_counter()
    warm_up()
    warm_s = time.perf_counter() - start
    docs = catalogue(args.lessons)
    with tempfile.TemporaryDirectory() as tmp:
        index = open_or_create(tmp)
        start, start_cpu = time.perf_counter(), time.process_time()
        index.rebuild(docs)
        build_s = time.perf_counter() - start
        build_cpu_s = time.process_time() - start_cpu
        size = sum(p.stat().st_size for p in Path(tmp).iterdir())
        start = time.perf_counter()
        hits = {q: len(index.search(q)) for qs in QUERIES.values() for q in qs}
        first_s = time.perf_counter() - start
        latencies, cpu = measure(index, args.rounds)
        index.close()
    build = {"build_s": round(build_s, 3), "build_cpu_s": round(build_cpu_s, 3)}
    report(args, docs, warm_s, build, size, first_s, hits, latencies, cpu)


def _summary(latencies: dict[str, list[float]]) -> dict[str, dict]:
    rows = dict(latencies)
    rows["all"] = [v for values in latencies.values() for v in values]
    return {
        kind: {
            "n": len(v),
            "p50_ms": round(percentile(v, 50), 2),
            "p95_ms": round(percentile(v, 95), 2),
            "max_ms": round(max(v), 2),
            "mean_ms": round(statistics.fmean(v), 2),
        }
        for kind, v in rows.items()
    }


def report(args, docs, warm_s, build, size, first_s, hits, latencies, cpu) -> None:
    summary, cpu_summary = _summary(latencies), _summary(cpu)
    load = os.getloadavg()
    print(f"documents: {len(docs)} ({args.lessons} lessons)  warm-up: {warm_s:.2f} s")
    print(
        f"load average: {load[0]:.2f} on {os.cpu_count()} CPUs (figures are noisy above 1)"
    )
    print(
        f"build: {build['build_s']:.2f} s (CPU {build['build_cpu_s']:.2f} s)  index size: {size / 1e6:.1f} MB  "
        f"first pass of {len(hits)} queries: {first_s * 1000:.0f} ms"
    )
    head = ["queries", "n", "p50 ms", "p95 ms", "max ms", "CPU p95"]
    print(f"{head[0]:<12}" + "".join(f"{h:>9}" for h in head[1:]))
    for kind, s in summary.items():
        cells = [s["p50_ms"], s["p95_ms"], s["max_ms"], cpu_summary[kind]["p95_ms"]]
        print(f"{kind:<12}{s['n']:>9}" + "".join(f"{c:>9.2f}" for c in cells))
    print("hits per query:", hits)
    out = ROOT / "tests" / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = out / f"search-{stamp}.json"
    path.write_text(
        json.dumps(
            {
                "at": stamp,
                "python": platform.python_version(),
                "machine": platform.machine(),
                "documents": len(docs),
                "lessons": args.lessons,
                "rounds": args.rounds,
                "load_average": [round(x, 2) for x in load],
                "cpus": os.cpu_count(),
                "warm_up_s": round(warm_s, 3),
                **build,
                "index_bytes": size,
                "first_pass_ms": round(first_s * 1000, 1),
                "latency": summary,
                "cpu_per_query": cpu_summary,
                "hits": hits,
                "target_p95_ms": 20,
            },
            ensure_ascii=False,
            indent=2,
        )
    )
    print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
