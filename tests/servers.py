"""The application as production runs it, for the tests that need real servers.

`production_env()` is the environment of a deployment (production settings, DEBUG off, behind a proxy
that terminates TLS); `Gunicorn` starts one application server on a free port and waits until it
answers; `Visitor` is a person with a browser: it keeps its cookies, sends the CSRF token back and
speaks HTTPS through the proxy (X-Forwarded-Proto), so that secure cookies and the CSRF origin checks
behave as they do in production.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http.cookies import SimpleCookie
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]
HOST = "extranet.example.org"


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "extranet.settings",
        "DJANGO_SECRET_KEY": "production-test-" + "q8W#e7R$t6Y%u5I^" * 4,
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **extra,
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict[str, str], *arguments: str) -> None:
    """Run a management command as a deployment does, in its own process with `env` only."""
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]


class Response:
    def __init__(self, status: int, body: bytes, headers):
        self.status = status
        self.body = body
        self.headers = headers

    @property
    def text(self) -> str:
        return self.body.decode()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def request(url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None) -> Response:
    """One request through the proxy (TLS terminated there), redirects not followed."""
    all_headers = {"Host": HOST, "X-Forwarded-Proto": "https", **(headers or {})}
    try:
        with _opener.open(urllib.request.Request(url, data=data, headers=all_headers), timeout=15) as answer:
            return Response(answer.status, answer.read(), answer.headers)
    except urllib.error.HTTPError as error:
        return Response(error.code, error.read(), error.headers)


class Gunicorn:
    """One application server (`workers` sync workers) on a free port, as one host of a deployment."""

    def __init__(self, env: dict[str, str], log: Path, workers: int = 1):
        self.env = {**env, "DJANGO_BEHIND_PROXY": "1"}
        self.log = log
        self.workers = workers
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Gunicorn":
        gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
        command = [gunicorn, "extranet.wsgi:application", "--bind", f"127.0.0.1:{self.port}"]
        self._log_file = self.log.open("wb")
        self.process = subprocess.Popen(
            [*command, "--workers", str(self.workers)],
            cwd=BASE_DIR,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=self._log_file,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                request(f"{self.url}/comptes/login/")
                return self
            except (ConnectionError, urllib.error.URLError):
                assert self.process.poll() is None, self.log.read_text()[-3000:]
                assert time.monotonic() < deadline, self.log.read_text()[-3000:]
                time.sleep(0.3)

    def __exit__(self, *exc_info) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        self._log_file.close()

    def log_tail(self) -> str:
        return self.log.read_text()[-3000:]


class Visitor:
    """A person's browser: cookies kept across requests, and across servers of the same site."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def _headers(self, referer: str = "") -> dict[str, str]:
        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}
        if referer:
            headers["Referer"] = referer
        return headers

    def _keep_cookies(self, response: Response) -> Response:
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, server: str, path: str) -> Response:
        return self._keep_cookies(request(server + path, headers=self._headers()))

    def post(
        self,
        server: str,
        path: str,
        fields: dict[str, str],
        *,
        files: dict[str, tuple[str, bytes, str]] | None = None,
        form_page: str | None = None,
    ) -> Response:
        """Submit a form as a browser does: fetch the page that holds it, send its CSRF token back.
        `files` maps a field name to (file name, content, content type): sent as multipart."""
        page = self.get(server, form_page or path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert token, f"no form on {form_page or path} (status {page.status})"
        fields = {"csrfmiddlewaretoken": token.group(1), **fields}
        if files:
            content_type, data = _multipart(fields, files)
        else:
            content_type, data = "application/x-www-form-urlencoded", urllib.parse.urlencode(fields).encode()
        headers = {
            **self._headers(referer=f"https://{HOST}{form_page or path}"),
            "Content-Type": content_type,
            "Origin": f"https://{HOST}",
        }
        return self._keep_cookies(request(server + path, data=data, headers=headers))

    def log_in(self, server: str, email: str, password: str) -> Response:
        return self.post(server, "/comptes/login/", {"login": email, "password": password})


def _multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]) -> tuple[str, bytes]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (filename, content, content_type) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return f"multipart/form-data; boundary={boundary}", b"".join(parts)
