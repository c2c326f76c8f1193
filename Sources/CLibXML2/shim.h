// The parts of libxml2 the grader uses: parsing with line numbers, XML Schema validation,
// and the streaming writer for JUnit reports.
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlwriter.h>
