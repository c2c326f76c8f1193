import CLibXML2
import Foundation

/// Stage 1: reads `course.xml` with libxml2, validates it against the course schema and checks
/// what a schema cannot: unique ids, files that exist, suites that have tests.
///
/// Every problem is reported as `file:line:column: error: message`, all of them at once, so an
/// instructor fixes the manifest in one pass.
package struct ManifestReader: Sendable {
    /// The package root; paths in the manifest are relative to it.
    package var root: String
    /// The manifest file name as printed in messages (relative to the working directory when
    /// possible, so editors and terminals can open it).
    package var displayName: String
    package var schemaPath: String

    package init(root: String, displayName: String = "course.xml", schemaPath: String = CourseSchema.path) {
        (self.root, self.displayName, self.schemaPath) = (root, displayName, schemaPath)
    }

    package var manifestPath: String { root + "/course.xml" }

    /// The validated course, or a `GradingError` listing every problem found.
    package func read() throws(GradingError) -> Course {
        guard let data = FileManager.default.contents(atPath: manifestPath) else {
            throw GradingError("cannot read the course manifest (expected course.xml at the package root \(root))", at: "\(displayName)")
        }
        let text = SourceText(String(decoding: data, as: UTF8.self))
        return try libXML2Lock.withLock { _ throws(GradingError) -> Course in
            let errors = LibXML2Errors()
            xmlSetStructuredErrorFunc(errors.context, LibXML2Errors.callback)
            defer { xmlSetStructuredErrorFunc(nil, nil) }

            let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_NOBLANKS.rawValue)
            let document = data.withUnsafeBytes { bytes in
                xmlReadMemory(
                    bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count),
                    manifestPath, nil, options)
            }
            guard let document, errors.entries.isEmpty else {
                if let document { xmlFreeDoc(document) }
                throw problems(from: errors, text: text, fallback: "course.xml is not well-formed XML")
            }
            defer { xmlFreeDoc(document) }

            try validate(document, errors: errors, text: text)
            guard let rootElement = xmlDocGetRootElement(document) else {
                throw GradingError("the manifest has no root element; expected <course>", at: "\(displayName):1:1")
            }
            let course = CourseBuilder(text: text, displayName: displayName).course(from: rootElement)
            let consistency = ManifestConsistency(root: root, displayName: displayName, text: text)
            let found = consistency.problems(in: course)
            if !found.isEmpty { throw GradingError(found) }
            return course.edition == .student ? StudentEdition.separatingCISuites(of: course, root: root) : course
        }
    }

    private func validate(_ document: xmlDocPtr, errors: LibXML2Errors, text: SourceText) throws(GradingError) {
        guard let parserContext = xmlSchemaNewParserCtxt(schemaPath) else {
            throw GradingError("cannot open the course schema", at: "\(schemaPath)")
        }
        defer { xmlSchemaFreeParserCtxt(parserContext) }
        guard let schema = xmlSchemaParse(parserContext) else {
            throw GradingError("the course schema is not a valid XML Schema", at: "\(schemaPath)")
        }
        defer { xmlSchemaFree(schema) }
        guard let validation = xmlSchemaNewValidCtxt(schema) else {
            throw GradingError("cannot start schema validation", at: "\(schemaPath)")
        }
        defer { xmlSchemaFreeValidCtxt(validation) }
        xmlSchemaSetValidStructuredErrors(validation, LibXML2Errors.callback, errors.context)
        if xmlSchemaValidateDoc(validation, document) != 0 || !errors.entries.isEmpty {
            throw problems(from: errors, text: text, fallback: "course.xml does not match the course schema")
        }
    }

    private func problems(from errors: LibXML2Errors, text: SourceText, fallback: String) -> GradingError {
        guard !errors.entries.isEmpty else { return GradingError("\(fallback)", at: "\(displayName)") }
        return GradingError(errors.entries.map { entry in
            var line = entry.line
            var column = entry.column ?? 1
            if let node = entry.node, let name = node.pointee.name.map({ String(cString: $0) }) {
                line = text.startOfTag(name, endingOn: line)
                column = text.column(ofElement: name, line: line)
                // "Element 'x', attribute 'y': ..." is about an attribute: point at it.
                if let attribute = quoted(after: "attribute ", in: entry.message) {
                    (line, column) = text.location(ofAttribute: attribute, element: name, line: line)
                }
            }
            return Problem(entry.message, at: "\(displayName):\(line):\(column)")
        })
    }

    private func quoted(after prefix: String, in message: String) -> String? {
        guard let start = message.range(of: prefix + "'") else { return nil }
        let rest = message[start.upperBound...]
        return rest.firstIndex(of: "'").map { String(rest[..<$0]) }
    }
}
