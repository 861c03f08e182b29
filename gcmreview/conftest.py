import pytest


@pytest.fixture
def demo_process(db):
    """The second Arab-region review, loaded from the manifest the package ships."""
    from gcmreview.process.management.commands.demo import DEMO_MANIFEST
    from gcmreview.process.operations import load_manifest_file

    return load_manifest_file(DEMO_MANIFEST).process
