"""`postlint upgrade` on names the data says to leave out (`(do not specify)`): no raw
placeholder text in the JSON `replacement` or after `use` in the text output."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_cli import postlint


def test_a_name_to_leave_out_has_no_replacement_name(tmp_path: Path) -> None:
    (tmp_path / "main.cf").write_text(
        "myhostname = mx.example.com\n"
        "smtpd_tls_dh1024_param_file = /etc/postfix/dh2048.pem\n"
        "tls_low_cipherlist = aNULL:-aNULL:ALL\n"
    )
    args = ("upgrade", str(tmp_path), "--from", "3.3", "--to", "3.11")
    result = postlint(*args, "--output-format", "json")
    assert result.returncode == 0, result.stderr
    names = {n["name"]: n for n in json.loads(result.stdout)["names"]}
    text = postlint(*args).stdout
    for name in ("smtpd_tls_dh1024_param_file", "tls_low_cipherlist"):
        # Not a name to use instead: null, as for `(none)`, and the advice is in detail,
        # worded as the text output words it.
        assert names[name]["replacement"] is None
        assert "(do not" not in names[name]["detail"]
        assert names[name]["detail"].endswith("; do not specify") or (
            "; do not specify; leave at default" in names[name]["detail"]
        )
        assert f"{name} (deprecated, main.cf): {names[name]['detail']}\n" in text
    assert "use (" not in text
