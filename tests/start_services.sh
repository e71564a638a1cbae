#!/usr/bin/env bash
# Start what a bench's site needs when nothing runs yet (a CI run starts with no processes):
# MariaDB from Debian's package and the bench's own Redis servers (config/redis_*.conf).
set -uo pipefail
bench=$1
if ! mysqladmin ping --silent >/dev/null 2>&1; then
	if command -v service >/dev/null 2>&1 && service mariadb start >/dev/null 2>&1; then :; else
		(mysqld_safe >/dev/null 2>&1 &)
	fi
	for _ in $(seq 60); do mysqladmin ping --silent >/dev/null 2>&1 && break; sleep 1; done
fi
mysqladmin ping --silent >/dev/null 2>&1 || { echo "MariaDB did not start"; exit 1; }
for conf in "$bench"/config/redis_*.conf; do
	[ -e "$conf" ] || continue
	port=$(awk '$1 == "port" {print $2}' "$conf")
	redis-cli -p "$port" ping >/dev/null 2>&1 && continue
	(cd "$bench/config" && redis-server "$conf" --daemonize yes >/dev/null)
	for _ in $(seq 20); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.5; done
done
echo "services: MariaDB and Redis up"
