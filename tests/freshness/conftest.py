# The consultations' fixtures, for the tests that change a consultation from outside its app.
from tests.consultations.conftest import consultation_index, make_consultation, open_consultation  # noqa: F401
