// Holds the XMLSupportTests target open until its tests land (SwiftPM refuses an empty target).
import Testing
