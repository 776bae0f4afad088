"""Which program reads which parameter: the generator (on a small source tree written here, in
Postfix's layout), the shipped facts, and the file's form."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from postlint.postfix.catalogue import builtin_catalogue
from postlint.postfix.daemon_reads import programs

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "src/postlint/postfix/data/daemon_parameters.json"


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "gen_daemons", REPO / "scripts/generate_daemon_parameters.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MAIL_PARAMS_H = """\
#define VAR_RELAYHOST "relayhost"
#define VAR_MYHOSTNAME "myhostname"
#define VAR_HEADER_CHECKS "header_checks"
#define VAR_SMTP_TLS_LEVEL "smtp_tls_security_level"
#define VAR_LMTP_TLS_LEVEL "lmtp_tls_security_level"
#define VAR_SMTP_OLD "smtp_old_thing"
#define VAR_DEST_LIMIT "default_destination_concurrency_limit"
#define _DEST_CON_LIMIT "_destination_concurrency_limit"
#define VAR_LOCAL_CON_LIMIT "local" _DEST_CON_LIMIT
#define _CONC_POS_FDBACK "_destination_concurrency_positive_feedback"
#define VAR_REST_CLASSES "smtpd_restriction_classes"
#define MAIL_VERSION_NUMBER "9.9.9"
extern char *var_relayhost;
#define uses_myhostname() (var_myhostname)
"""
MAIL_PARAMS_C = """\
char *var_relayhost;
char *var_myhostname;
void mail_params_init(void)
{
    static const CONFIG_STR_TABLE str_table[] = {
\tVAR_RELAYHOST, DEF_RELAYHOST, &var_relayhost, 0, 0,
\tVAR_MYHOSTNAME, DEF_MYHOSTNAME, &var_myhostname, 1, 0,
\t0,
    };
    get_mail_conf_str_table(str_table);
    if (strcmp(var_myhostname, var_relayhost) == 0)
\tmsg_fatal("must differ");
}
"""
RESOLVE_C = """\
/* resolve_addr - var_myhostname in a comment is no use */
void resolve_addr(void)
{
    use(var_relayhost);
}
"""
SMTP_PARAMS_C = """\
    static const CONFIG_STR_TABLE smtp_str_table[] = {
\tVAR_SMTP_TLS_LEVEL, DEF_SMTP_TLS_LEVEL, &var_smtp_tls_level, 0, 0,
\t0,
    };
"""
LMTP_PARAMS_C = """\
    static const CONFIG_STR_TABLE lmtp_str_table[] = {
\tVAR_LMTP_TLS_LEVEL, DEF_LMTP_TLS_LEVEL, &var_smtp_tls_level, 0, 0,
\t0,
    };
"""
SMTP_C = """\
int main(void)
{
#include "smtp_params.c"
#include "lmtp_params.c"
    single_server_main(smtp_str_table);
    if (uses_myhostname())
\treturn 1;
#if 0
    static const CONFIG_STR_TABLE old_table[] = {
\tVAR_SMTP_OLD, DEF_SMTP_OLD, &var_smtp_old, 0, 0,
\t0,
    };
#endif
}
"""
SMTP_CONNECT_C = """\
void warn(void)
{
    msg_warn("%s problem", var_relayhost);
}
"""
REWRITE_C = """\
int main(void)
{
    resolve_addr();
    single_server_main(0);
}
"""
QMGR_C = """\
void transport(const char *name)
{
    get_mail_conf_int2(name, _DEST_CON_LIMIT, var_dest_limit, 1, 0);
    qmgr_feedback_init(&transport->pos_feedback, name, _CONC_POS_FDBACK,
               VAR_CONC_POS_FDBACK, var_conc_pos_feedback);
    var_dest_limit = get_mail_conf_int(VAR_DEST_LIMIT, DEF_DEST_LIMIT, 1, 0);
    var_local_limit = get_mail_conf_int(VAR_LOCAL_CON_LIMIT, DEF_LOCAL_CON_LIMIT, 1, 0);
}
"""
SMTPD_C = """\
void classes(void)
{
    value = mail_conf_lookup_eval(name);
    other = mail_conf_lookup_eval(VAR_HEADER_CHECKS);
}
"""


def write_tree(root: Path) -> Path:
    files = {
        "global/mail_params.h": MAIL_PARAMS_H,
        "global/mail_version.h": MAIL_PARAMS_H,
        "global/mail_params.c": MAIL_PARAMS_C,
        "global/resolve.c": RESOLVE_C,
        "global/Makefile.in": "OBJS\t= mail_params.o \\\n\tresolve.o\n",
        "master/single_server.c": "void single_server_main(void *t)\n{\n mail_params_init();\n}\n",
        "master/Makefile.in": "OBJS\t= master.o\nLIB_OBJ\t= single_server.o\nPROG\t= master\n",
        "master/mail_server.h": "extern NORETURN single_server_main(int, char **, FN, ...);\n",
        "tls/tls_misc.c": "void tls_nothing(void)\n{\n}\n",
        "smtp/Makefile.in": "OBJS\t= smtp.o smtp_connect.o\nPROG\t= smtp\n",
        "smtp/smtp.c": SMTP_C,
        "smtp/smtp_params.c": SMTP_PARAMS_C,
        "smtp/lmtp_params.c": LMTP_PARAMS_C,
        "smtp/smtp_connect.c": SMTP_CONNECT_C,
        "trivial-rewrite/Makefile.in": "OBJS\t= rewrite.o\nPROG\t= trivial-rewrite\n",
        "trivial-rewrite/rewrite.c": REWRITE_C,
        "qmgr/Makefile.in": "OBJS\t= qmgr.o\nPROG\t= qmgr\n",
        "qmgr/qmgr.c": QMGR_C,
        "smtpd/Makefile.in": "OBJS\t= smtpd_check.o\nPROG\t= smtpd\n",
        "smtpd/smtpd_check.c": SMTPD_C,
    }
    for name in ("tls", "milter", "xsasl", "dns"):
        files.setdefault(f"{name}/Makefile.in", "OBJS\t= tls_misc.o\n" if name == "tls" else "")
    for path, text in files.items():
        (root / "src" / path).parent.mkdir(parents=True, exist_ok=True)
        (root / "src" / path).write_text(text)
    return root


def test_generator_follows_tables_uses_and_library_calls(tmp_path: Path) -> None:
    data = generator().generate(write_tree(tmp_path))
    assert data["source"] == "Postfix 9.9.9"
    rows = data["programs"]
    assert set(rows) == {"master", "smtp", "lmtp", "trivial-rewrite", "qmgr", "smtpd"}

    def reads(program: str) -> set[str]:
        return set(data["every_program"]) | set(rows[program]["parameters"])

    # Own tables, split between smtp and lmtp by table name; `#if 0` text is not compiled.
    assert "smtp_tls_security_level" in reads("smtp")
    assert "lmtp_tls_security_level" in reads("lmtp")
    assert "lmtp_tls_security_level" not in reads("smtp")
    assert "smtp_old_thing" not in reads("smtp")
    # A global is read where it is used: through a library function (resolve_addr) or a
    # macro (uses_myhostname); the sanity check and the warning are no uses.
    assert "relayhost" in reads("trivial-rewrite")
    assert "relayhost" not in reads("smtp")
    assert "myhostname" in reads("smtp") and "myhostname" not in reads("qmgr")
    # A value read on its own, outside any table.
    assert "default_destination_concurrency_limit" in reads("qmgr")
    # A name pasted together from a literal and another macro.
    assert "local_destination_concurrency_limit" in reads("qmgr")
    # Per-transport names, and names listed in another parameter's value.
    assert rows["qmgr"]["transport_suffixes"] == [
        "_destination_concurrency_limit",
        "_destination_concurrency_positive_feedback",
    ]
    assert rows["smtpd"]["names_from"] == ["smtpd_restriction_classes"]
    assert "header_checks" in reads("smtpd")
    # A program whose code hands over to a master skeleton is a daemon; the master, which
    # runs no skeleton, reads main.cf without a master.cf entry, like sendmail.
    assert "master" in data["commands"] and "trivial-rewrite" not in data["commands"]


def test_generator_stops_without_the_master_skeletons(tmp_path: Path) -> None:
    root = write_tree(tmp_path)
    (root / "src/master/mail_server.h").write_text("/* nothing */\n")
    with pytest.raises(SystemExit, match="no \\*_server_main declarations"):
        generator().generate(root)


def test_generator_stops_on_a_new_use_it_was_told_is_none(tmp_path: Path) -> None:
    root = write_tree(tmp_path)
    connect = root / "src/smtp/smtp_connect.c"
    connect.write_text(SMTP_CONNECT_C + "void route(void)\n{\n    go(var_relayhost);\n}\n")
    with pytest.raises(SystemExit, match="var_relayhost is referenced 2 times"):
        generator().generate(root)


def test_generator_stops_on_an_unknown_run_time_lookup(tmp_path: Path) -> None:
    root = write_tree(tmp_path)
    (root / "src/qmgr/qmgr.c").write_text(
        QMGR_C + "void x(void)\n{\n mail_conf_lookup_eval(n);\n}\n"
    )
    with pytest.raises(SystemExit, match="unknown run-time lookup"):
        generator().generate(root)


def test_shipped_facts() -> None:
    facts = programs()
    assert facts.source.startswith("Postfix 3.")

    def reads(program: str, name: str, service: str = "x") -> bool:
        return facts.reads_directly(program, name, service, {"smtp", "relay"})

    assert not reads("smtp", "relayhost") and reads("trivial-rewrite", "relayhost")
    assert reads("smtp", "smtp_tls_security_level") and not reads("lmtp", "smtp_tls_security_level")
    assert reads("smtpd", "content_filter") and not reads("smtp", "content_filter")
    assert reads("cleanup", "header_checks") and not reads("smtpd", "header_checks")
    assert reads("smtpd", "syslog_name") and reads("smtp", "syslog_name")
    assert reads("qmgr", "relay_destination_concurrency_limit")
    assert not reads("smtp", "relay_destination_concurrency_limit")
    assert reads("pipe", "mypipe_time_limit", service="mypipe")
    # Run without master.cf, so no -o reaches them; bounce reads any name only from a file.
    assert {"sendmail", "postqueue", "master"} <= facts.commands
    assert not {"smtpd", "tlsproxy", "postlogd"} & facts.commands
    assert facts.any_name_with["bounce"] == ("bounce_template_file",)


def test_every_name_read_is_a_postfix_parameter() -> None:
    # The macros resolved to whole names (none cut short where the source pastes pieces).
    facts = programs()
    read = set().union(*facts.reads.values())
    assert read <= {p.name for p in builtin_catalogue()}


def test_data_file_is_in_the_generator_s_form() -> None:
    text = DATA.read_text()
    data = json.loads(text)
    assert text == json.dumps(data, indent=1) + "\n"
    every = set(data["every_program"])
    assert data["every_program"] == sorted(every)
    for row in data["programs"].values():
        assert row["parameters"] == sorted(row["parameters"])
        assert not every & set(row["parameters"])


def test_generator_adds_what_another_release_reads(tmp_path: Path) -> None:
    gen = generator()
    newest = gen.generate(write_tree(tmp_path / "new"))
    older = gen.generate(write_tree(tmp_path / "old"))
    # Say the older smtp client used relayhost itself; a program only it has is left out.
    older["programs"]["smtp"]["parameters"].append("relayhost")
    older["programs"]["gone"] = dict(older["programs"]["smtp"])
    merged = gen.with_other(newest, older)
    assert "relayhost" in merged["programs"]["smtp"]["parameters"]
    assert "relayhost" not in merged["programs"]["lmtp"]["parameters"]
    assert "gone" not in merged["programs"]
    assert merged["source"] == "Postfix 9.9.9" and merged["also_sources"] == ["Postfix 9.9.9"]
    every = set(merged["every_program"])
    assert all(not every & set(row["parameters"]) for row in merged["programs"].values())
