"""Free text in rendered documents (issue 11): escaped for each format, or rejected when it cannot be.

Each test parses the output as that format's reader would (markdown-it for Markdown, the csv module,
html.parser, Graphviz itself for DOT) and compares its structure with a benign render of the same flows:
hostile text may change what a cell says, never how many headings, rows, cells, elements or edges there are."""

import csv
import io
import json
import shutil
import subprocess
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.errors import OcsModelError
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.render import diagram, docs
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.resolve import deployment_flows

from ansible_collections.ocs.firewall.tests.unit.deployments import BASE_TOPOLOGY as TOPOLOGY

FLOWS = deployment_flows(topology=TOPOLOGY, features={"federation": True})
BENIGN = "Port matrix"
# Accepted: printable text that is markup in some format.
HOSTILE_TITLES = [
    "| a | b |", "<script>alert(1)</script>", "*bold* _em_ `code` [link](http://x)", "# not a heading #",
    'say "hi" \\ there', "&amp; &lt;", "a\\|b", "--> <!-- ]]>", "{ } [ ] ; = digraph x { y -> z }",
]
# Rejected: control characters cannot be written safely in every format.
CONTROL_TITLES = ["line one\nline two", "nul\x00byte", "carriage\rreturn", "tab\tcharacter", "sep\u2028arator",
                  "escape\x1b[31m"]


def hostile_flows(text):
    """The flows with hostile text where a user's own flow records could carry it."""
    return [dict(flow, purpose=f"{flow['purpose']} {text}", reference_title=text) for flow in FLOWS]


# ---- Markdown ----------------------------------------------------------------------------------------

def markdown_structure(text):
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    shape = [token.type for token in tokens if token.type != "inline"]
    inline = [child.type for token in tokens if token.type == "inline" for child in token.children]
    return shape, sorted(set(inline)), tokens


def heading_text(tokens):
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            return "".join(child.content for child in tokens[i + 1].children if child.type in ("text", "code_inline"))
    return None


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_markdown_keeps_its_structure_and_the_title_reads_back(title):
    benign_shape, benign_inline, dummy = markdown_structure(docs.to_markdown(FLOWS, BENIGN))
    shape, inline, tokens = markdown_structure(docs.to_markdown(hostile_flows(title), title))
    assert shape == benign_shape
    assert set(inline) <= set(benign_inline) | {"text"}, inline
    assert heading_text(tokens) == title


@pytest.mark.parametrize("title", CONTROL_TITLES)
def test_markdown_rejects_a_title_with_a_control_character(title):
    with pytest.raises(OcsModelError, match="control character U\\+"):
        docs.to_markdown(FLOWS, title)


# ---- CSV ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", HOSTILE_TITLES + ['a,"b",c', "x\ny"])
def test_csv_rows_and_cells_read_back_as_written(text):
    benign = list(csv.reader(io.StringIO(docs.to_csv(FLOWS))))
    rows = list(csv.reader(io.StringIO(docs.to_csv(hostile_flows(text)))))
    assert len(rows) == len(benign) and all(len(row) == len(benign[0]) for row in rows)
    purpose = rows[0].index("purpose")
    assert all(row[purpose].endswith(text) for row in rows[1:])


# ---- HTML --------------------------------------------------------------------------------------------

class Shape(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.title, self._in_title = [], "", False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self.tags.append("/" + tag)
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def html_shape(text):
    parser = Shape()
    parser.feed(text)
    parser.close()
    return parser


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_html_keeps_its_elements_and_the_title_reads_back(title):
    benign = html_shape(docs.to_html(BENIGN, docs.to_csv(FLOWS), flows=FLOWS))
    page = html_shape(docs.to_html(title, docs.to_csv(hostile_flows(title)), flows=hostile_flows(title)))
    assert page.tags == benign.tags
    assert page.title == title


@pytest.mark.parametrize("title", CONTROL_TITLES)
def test_html_rejects_a_title_with_a_control_character(title):
    with pytest.raises(OcsModelError, match="control character"):
        docs.to_html(title, docs.to_csv(FLOWS), flows=FLOWS)


# ---- DOT (Graphviz reads it) ---------------------------------------------------------------------------

def graphviz_shape(dot_text):
    if shutil.which("dot") is None:
        pytest.skip("Graphviz (dot) is not installed; `make test` installs it")
    proc = subprocess.run(["dot", "-Tjson0"], input=dot_text, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    graph = json.loads(proc.stdout)
    nodes = sorted(obj["name"] for obj in graph.get("objects", []) if "nodes" not in obj)
    edges = len(graph.get("edges", []))
    return graph, nodes, edges


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_dot_keeps_its_nodes_and_edges_and_the_title_reads_back(title):
    dummy, benign_nodes, benign_edges = graphviz_shape(diagram.to_dot(FLOWS, BENIGN))
    graph, nodes, edges = graphviz_shape(diagram.to_dot(FLOWS, title))
    assert (nodes, edges) == (benign_nodes, benign_edges)
    # Graphviz keeps an escString as written: \\ reads as one backslash when it is drawn.
    assert graph["tooltip"].replace("\\\\", "\\") == title
    assert graph["label"].replace("\\\\", "\\").startswith(title)


@pytest.mark.parametrize("title", CONTROL_TITLES)
def test_dot_rejects_a_title_with_a_control_character(title):
    with pytest.raises(OcsModelError, match="control character"):
        diagram.to_dot(FLOWS, title)


# ---- cmd and PowerShell (tree-sitter's Batch and PowerShell grammars read them) -------------------------

def _tree_shape(language, text):
    import tree_sitter
    parser = tree_sitter.Parser(tree_sitter.Language(language))
    tree = parser.parse(text.encode("utf-8"))
    kinds, stack, errors = [], [tree.root_node], 0
    while stack:
        node = stack.pop()
        errors += node.type == "ERROR" or node.is_missing
        if node.is_named and node.type not in ("comment",) and node.child_count:
            kinds.append(node.type)  # the structure: statements, commands, arguments (not leaf text)
        stack.extend(reversed(node.children))
    return kinds, errors


def _windows_rules(text):
    from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.resolve import resolve
    rules = resolve(roles=["access_edge", "webconf_edge", "av_edge"], topology=TOPOLOGY,
                    features={"federation": True})["rules"]
    return [dict(rule, purpose=f"{rule['purpose']} {text}") for rule in rules]


HOSTILE_WINDOWS_TEXT = ["& calc.exe", "^", "%PATH% !x!", '"quoted" `backtick` $(Get-Date) ${x}', "'; Remove-Item C:\\",
                        "| Out-File x", "\u2019 typographic quote", "a\r\nnetsh advfirewall reset", "@(1) @{a=1}"]


@pytest.mark.parametrize("text", HOSTILE_WINDOWS_TEXT)
def test_netsh_command_files_keep_their_commands_with_hostile_descriptions_and_host_names(text):
    import tree_sitter_batch
    from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.render import windows
    benign, benign_errors = _tree_shape(tree_sitter_batch.language(),
                                        windows.netsh_firewall_script(_windows_rules(""), host="edge1"))
    try:
        script = windows.netsh_firewall_script(_windows_rules(text), host="edge1")
    except OcsModelError:
        return  # refused with a message: allowed, as long as nothing unsafe is written
    shape, errors = _tree_shape(tree_sitter_batch.language(), script)
    assert (shape, errors) == (benign, benign_errors) and errors == 0


@pytest.mark.parametrize("text", HOSTILE_WINDOWS_TEXT)
def test_powershell_scripts_keep_their_statements_with_hostile_descriptions(text):
    import tree_sitter_powershell
    from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.render import windows
    benign, benign_errors = _tree_shape(tree_sitter_powershell.language(),
                                        windows.powershell_firewall_script(_windows_rules(""), host="edge1"))
    shape, errors = _tree_shape(tree_sitter_powershell.language(),
                                windows.powershell_firewall_script(_windows_rules(text), host="edge1"))
    assert (shape, errors) == (benign, benign_errors) and errors == 0
