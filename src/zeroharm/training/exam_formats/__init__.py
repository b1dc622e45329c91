"""Question banks in and out: the common xlsx template, Moodle XML and GIFT (what other learning systems export).

Every format reads into and writes from one plain shape, `QuestionData`, so an import of any format is the same
import (core.imports: the template's rows, checked and written by training.importers_exams) and an export of a
bank gives the same questions back when imported again."""
