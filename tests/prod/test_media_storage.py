"""MEDIA_STORAGE_URL puts uploads on S3-compatible storage, so every web node sees them.

The object store is a real S3-protocol server on loopback (moto's server mode), the
stand-in for the provider's service; the site talks to it over HTTP through boto3.
"""

import os
import subprocess
import sys

import boto3
import pytest

from tests.prod.services import ROOT, answers, free_port, started

pytestmark = pytest.mark.prodshape

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "test-key", "AWS_SECRET_ACCESS_KEY": "test-secret"}
SAVE_AND_READ = """
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
name = default_storage.save("documents/リーフレット.txt", ContentFile("募集要項".encode()))
print(name)
print(default_storage.open(name).read().decode())
print(default_storage.url(name))
"""


def test_uploads_go_to_the_bucket(tmp_path):
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    server = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
    env = {**CREDENTIALS, "PATH": "/usr/bin:/bin"}
    with started(server, env, tmp_path / "s3.log", answers(f"{endpoint}/moto-api/")):
        s3 = boto3.client(
            "s3", endpoint_url=endpoint, region_name="ap-northeast-1", **_boto(CREDENTIALS)
        )
        s3.create_bucket(
            Bucket="manabi-media",
            CreateBucketConfiguration={"LocationConstraint": "ap-northeast-1"},
        )
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", SAVE_AND_READ],
            cwd=ROOT,
            env={
                **_process_env(),
                **CREDENTIALS,
                "MEDIA_STORAGE_URL": f"s3://manabi-media/media?endpoint_url={endpoint}"
                "&region=ap-northeast-1",
            },
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        name, content, url = result.stdout.strip().splitlines()[-3:]
        assert content == "募集要項"
        assert url.startswith(f"{endpoint}/manabi-media/media/documents/")
        assert "X-Amz-Signature=" in url  # private bucket: links are signed and expire
        keys = [o["Key"] for o in s3.list_objects_v2(Bucket="manabi-media")["Contents"]]
        assert keys == [f"media/{name}"]


def _boto(credentials):
    return {
        "aws_access_key_id": credentials["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": credentials["AWS_SECRET_ACCESS_KEY"],
    }


def _process_env():
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "manabi.settings.test"}
