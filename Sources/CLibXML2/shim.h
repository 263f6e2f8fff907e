// Debian builds libxml2 with ICU; its <unicode/ucnv.h> clashes with the toolchain's bundled ICU that
// Foundation uses. Hiding the ICU converter fields (which Swift never touches) avoids the clash.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlsave.h>
