"""Print what a locust run measured, from its CSV files: per request name and in all, p50/p95/p99,
throughput and errors, with the machine's load average (the figures mean little without it)."""

import csv
import os
import sys

COLUMNS = ("Name", "Request Count", "Failure Count", "50%", "95%", "99%", "Requests/s")


def main(prefix: str) -> None:
    with open(f"{prefix}_stats.csv", newline="") as stats:
        rows = list(csv.DictReader(stats))
    print(f"{'requête':<34}{'nombre':>8}{'erreurs':>9}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'req/s':>8}")
    for row in rows:
        name = "TOTAL" if row["Name"] == "Aggregated" else f"{row['Type']} {row['Name']}"[:33]
        values = [row[column] for column in COLUMNS[1:]]
        print(f"{name:<34}{values[0]:>8}{values[1]:>9}{values[2]:>8}{values[3]:>8}{values[4]:>8}"
              f"{float(values[5]):>8.1f}")  # fmt: skip
    with open(f"{prefix}_failures.csv", newline="") as failures:
        for row in csv.DictReader(failures):
            print(f"échec : {row['Method']} {row['Name']} — {row['Error']} ({row['Occurrences']} fois)")
    print(f"charge de la machine (1, 5, 15 min) : {os.getloadavg()}")


if __name__ == "__main__":
    main(sys.argv[1])
