"""Print what a locust run measured, from its CSV files: per request name and in all, p50/p95/p99,
throughput and errors, with the CPU each request cost, the throughput that CPU time allows, and the
machine's load average (the figures mean little without it). With several steps (LOAD_STEPS), one
line per step and the saturation throughput: the most requests per second any step got."""

import csv
import os
import sys

COLUMNS = ("Name", "Request Count", "Failure Count", "50%", "95%", "99%", "Requests/s")


def read(prefix: str) -> list[dict]:
    with open(f"{prefix}_stats.csv", newline="") as stats:
        return list(csv.DictReader(stats))


def total(prefix: str) -> dict:
    return next(row for row in read(prefix) if row["Name"] == "Aggregated")


def cpu_per_request(cpu: dict[str, float], requests: int) -> str:
    """« gunicorn 21.0 ms, postgresql 4.1 ms, locust 3.2 ms »: CPU time per request of each kind."""
    per_request = {kind: seconds * 1000 / max(requests, 1) for kind, seconds in sorted(cpu.items())}
    return ", ".join(f"{kind} {ms:.1f} ms" for kind, ms in per_request.items())


def cpu_bound(cpu: dict[str, float], requests: int) -> str:
    """The throughput this machine's CPUs would allow if they did nothing else: CPUs × requests / CPU
    seconds of the run's processes. Less noisy than the measured throughput on a shared machine
    (somewhat low there: contention makes each CPU second do less)."""
    cores = os.cpu_count() or 1
    return f"{cores * requests / max(sum(cpu.values()), 1e-9):.0f} requêtes/s à {cores} CPU"


def main(prefix: str, cpu: dict[str, float] | None = None) -> None:
    rows = read(prefix)
    print(f"{'requête':<34}{'nombre':>8}{'erreurs':>9}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'req/s':>8}")
    for row in rows:
        name = "TOTAL" if row["Name"] == "Aggregated" else f"{row['Type']} {row['Name']}"[:33]
        values = [row[column] for column in COLUMNS[1:]]
        print(f"{name:<34}{values[0]:>8}{values[1]:>9}{values[2]:>8}{values[3]:>8}{values[4]:>8}"
              f"{float(values[5]):>8.1f}")  # fmt: skip
    with open(f"{prefix}_failures.csv", newline="") as failures:
        for row in csv.DictReader(failures):
            print(f"échec : {row['Method']} {row['Name']} — {row['Error']} ({row['Occurrences']} fois)")
    if cpu:
        count = int(total(prefix)["Request Count"])
        print(f"CPU par requête : {cpu_per_request(cpu, count)} ; plafond du CPU : {cpu_bound(cpu, count)}")
    print(f"charge de la machine (1, 5, 15 min) : {os.getloadavg()}")


def steps(results: list[tuple[int, str, dict[str, float]]]) -> None:
    """One line per step — (people, CSV prefix, CPU seconds) — then the saturation throughput."""
    print(f"{'personnes':>9}{'requêtes':>10}{'erreurs':>9}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
          "  CPU par requête")  # fmt: skip
    best = (0.0, 0)
    for users, prefix, cpu in results:
        row = total(prefix)
        rate = float(row["Requests/s"])
        best = max(best, (rate, users))
        count = int(row["Request Count"])
        print(f"{users:>9}{count:>10}{row['Failure Count']:>9}{rate:>8.1f}{row['50%']:>8}{row['95%']:>8}"
              f"{row['99%']:>8}  {cpu_per_request(cpu, count)}, plafond {cpu_bound(cpu, count)}")  # fmt: skip
    print(f"saturation : {best[0]:.1f} requêtes/s (à {best[1]} personnes)")
    print(f"charge de la machine (1, 5, 15 min) : {os.getloadavg()}")


if __name__ == "__main__":
    main(sys.argv[1])
