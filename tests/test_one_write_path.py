"""One write path per status (STYLE.md): nothing but the transition service of its table
assigns the status of a property, an application, an offer or a contract.

Read from the code itself, so that a new shortcut anywhere fails here: `x.status = ...`,
`setattr(x, "status", ...)`, `.update(status=...)`, and `status=` given when a row is
created (a row starts in its model's default status, then moves through the service).
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ["klushuis", "properties", "applications", "contracts", "klushuur", "aftercare"]

# (module, function): the one service per table that writes the status.
WRITERS = {
    ("properties.services", "property_transition"),
    ("applications.services", "application_transition"),
    ("applications.services", "application_transition_many"),
    ("applications.offers.services", "offer_transition"),
    ("contracts.services.lifecycle", "_transition"),
    # Klushuur's four tables (offer, application, job, change) share one writer.
    ("klushuur.services", "_move"),
    ("klushuis.privacy.services", "destruction_list_transition"),
    ("aftercare.services", "obligation_transition"),
    ("aftercare.services", "notice_transition"),
    ("aftercare.exemptions", "exemption_transition"),
    ("aftercare.penalties", "claim_transition"),
    ("aftercare.release", "report_transition"),
    ("aftercare.release", "release_transition"),
}
CREATING = {"create", "get_or_create", "update_or_create", "bulk_create"}


def _modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            yield module.removesuffix(".__init__"), path


def _writes(tree):
    """(function name, line, what) for every status write in a module."""
    found = []

    def visit(node, function):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            function = node.name
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Attribute) and target.attr == "status":
                    found.append((function, node.lineno, "assigns .status"))
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if (
                name == "setattr"
                and len(node.args) > 1
                and isinstance(node.args[1], ast.Constant)
                and node.args[1].value == "status"
            ):
                found.append((function, node.lineno, "setattr status"))
            keywords = {k.arg for k in node.keywords}
            if name == "update" and "status" in keywords:
                found.append((function, node.lineno, ".update(status=...)"))
            if name in CREATING and "status" in keywords:
                found.append((function, node.lineno, f".{name}(status=...)"))
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(tree, None)
    return found


def test_only_the_transition_services_write_a_status():
    offenders = [
        f"{module}:{line} {function or '<module>'}: {what}"
        for module, path in _modules()
        for function, line, what in _writes(ast.parse(path.read_text(), str(path)))
        if (module, function) not in WRITERS
    ]
    assert offenders == []


def test_each_writer_exists_and_writes():
    """The list above names real services (a rename must update it, not silently pass)."""
    by_module = dict(_modules())
    for module, function in WRITERS:
        writes = _writes(ast.parse(by_module[module].read_text()))
        assert any(name == function for name, _line, _what in writes), (module, function)


def test_the_check_finds_a_shortcut():
    shortcut = ast.parse(
        "def sneaky(offer):\n"
        "    offer.status = 'accepted'\n"
        "    Offer.objects.filter(pk=1).update(status='open')\n"
        "    Contract.objects.create(status='sent')\n"
        "    setattr(offer, 'status', 'declined')\n"
    )
    assert [what for _f, _l, what in _writes(shortcut)] == [
        "assigns .status",
        ".update(status=...)",
        ".create(status=...)",
        "setattr status",
    ]
