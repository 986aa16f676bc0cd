"""Private service instances that a fault test may stop, kill and restart.

The shared PostgreSQL and Elasticsearch of the suite are never touched: each
fault test starts its own instance on a free loopback port, from the same
installation tests/services/provision.sh made, and removes it afterwards.
"""

import contextlib
import glob
import os
import shutil
import signal
import subprocess
import time
import uuid
from pathlib import Path

import requests

from tests.prod.services import free_port

ES_ROOT = Path(os.environ.get("ES_HOME_ROOT", "/var/lib/manabi-test"))
ES_USER = os.environ.get("ES_USER", "manabi-es")
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def _java_home():
    java = Path(shutil.which("java")).resolve()
    return str(java.parent.parent)


class PrivateElasticsearch:
    """A single-node Elasticsearch of our own, with its data kept across stop and start."""

    def __init__(self, heap="256m"):
        homes = sorted(glob.glob(str(ES_ROOT / "elasticsearch-8.19.*")))
        if not homes:
            raise RuntimeError("no Elasticsearch installation: run tests/services/provision.sh")
        self.home = Path(homes[-1])
        self.dir = ES_ROOT / f"faults-es-{uuid.uuid4().hex[:8]}"
        self.port = free_port()
        self.heap = heap
        self.proc = None
        for sub in ("data", "logs"):
            (self.dir / sub).mkdir(parents=True)
        subprocess.run(["chown", "-R", ES_USER, str(self.dir)], check=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def healthy(self):
        try:
            response = requests.get(
                f"{self.url}/_cluster/health?wait_for_status=yellow&timeout=1s", timeout=3
            )
            return response.status_code == 200
        except requests.RequestException:
            return False

    def start(self, timeout=150):
        env = {
            **os.environ,
            "ES_JAVA_HOME": _java_home(),
            "ES_JAVA_OPTS": f"-Xms{self.heap} -Xmx{self.heap}",
        }
        args = [
            "runuser", "-u", ES_USER, "--", str(self.home / "bin" / "elasticsearch"),
            "-Ediscovery.type=single-node", "-Enetwork.host=127.0.0.1",
            f"-Ehttp.port={self.port}", f"-Etransport.port={free_port()}",
            "-Expack.security.enabled=false", "-Expack.ml.enabled=false",
            f"-Epath.data={self.dir / 'data'}", f"-Epath.logs={self.dir / 'logs'}",
            "-Ecluster.routing.allocation.disk.threshold_enabled=false",
        ]  # fmt: skip
        log = open(self.dir / "start.log", "a")  # noqa: SIM115 (kept open for the process)
        self.proc = subprocess.Popen(
            args, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + timeout
        while not self.healthy():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"private Elasticsearch did not start: see {self.dir}")
            time.sleep(1)

    def stop(self):
        """Stop the server the hard way: an outage, not a maintenance window."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)
        self.proc = None

    def freeze(self):
        """A hung node: the process stays, answers nothing (connections time out)."""
        os.killpg(self.proc.pid, signal.SIGSTOP)

    def thaw(self):
        os.killpg(self.proc.pid, signal.SIGCONT)

    def remove(self):
        if self.proc and self.proc.poll() is None:
            self.thaw()
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class PrivatePostgres:
    """A PostgreSQL 15 cluster of our own, loaded with a copy of the test database."""

    def __init__(self):
        self.dir = Path(f"/var/lib/manabi-test/faults-pg-{uuid.uuid4().hex[:8]}")
        self.port = free_port()
        self.dir.mkdir(parents=True)
        subprocess.run(["chown", "postgres", str(self.dir)], check=True)
        self._as_postgres(
            PG_BIN / "initdb", "-D", self.dir / "data", "-U", "postgres", "--auth=trust",
            "-E", "UTF8", "--locale=C.UTF-8",
        )  # fmt: skip

    def _as_postgres(self, *args, **kwargs):
        return subprocess.run(
            ["runuser", "-u", "postgres", "--", *map(str, args)],
            check=True,
            capture_output=True,
            text=True,
            **kwargs,
        )

    def url(self, name="manabi"):
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def start(self):
        self._as_postgres(
            PG_BIN / "pg_ctl", "-D", self.dir / "data", "-l", self.dir / "server.log", "-w",
            "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1", "start",
        )  # fmt: skip

    def restart(self, pause=0.0):
        """Stop fast (open connections are cut), stay down for ``pause`` seconds, start again."""
        self._as_postgres(PG_BIN / "pg_ctl", "-D", self.dir / "data", "-m", "fast", "-w", "stop")
        time.sleep(pause)
        self.start()

    def copy_database(self, source_url, name="manabi"):
        """Load a dump of ``source_url`` (the suite's test database) as ``name``."""
        self._as_postgres(PG_BIN / "createdb", "-h", "127.0.0.1", "-p", self.port, name)
        dump = subprocess.run(
            ["pg_dump", "--no-owner", "--no-privileges", source_url],
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(
            ["psql", "-q", "-v", "ON_ERROR_STOP=1", self.url(name)],
            input=dump,
            check=True,
            capture_output=True,
        )

    def remove(self):
        with contextlib.suppress(subprocess.CalledProcessError):
            self._as_postgres(
                PG_BIN / "pg_ctl", "-D", self.dir / "data", "-m", "immediate", "-w", "stop"
            )
        shutil.rmtree(self.dir, ignore_errors=True)
