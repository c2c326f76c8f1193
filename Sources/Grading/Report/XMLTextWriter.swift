import CLibXML2

/// A thin Swift face on libxml2's `xmlTextWriter`, which escapes text and attributes and keeps
/// elements balanced. Every call checks libxml2's status; the first failure is kept and reported.
///
/// It writes to memory, not to a file: a `FILE` buffer in this process would be flushed a
/// second time by any child forked meanwhile that calls `fflush(NULL)` or `exit` (seen in the
/// self-tests, next to the runtime's fork tests: the report held two documents). The caller
/// writes the finished bytes with one `write(2)`.
final class XMLTextWriter {
    private let buffer: xmlBufferPtr
    private let writer: xmlTextWriterPtr
    private(set) var failed = false

    init?() {
        guard let buffer = xmlBufferCreate() else { return nil }
        guard let writer = xmlNewTextWriterMemory(buffer, 0) else {
            xmlBufferFree(buffer)
            return nil
        }
        self.buffer = buffer
        self.writer = writer
        xmlTextWriterSetIndent(writer, 1)
        _ = "  ".withXMLChars { xmlTextWriterSetIndentString(writer, $0) }
        check(xmlTextWriterStartDocument(writer, nil, "UTF-8", nil))
    }

    deinit {
        xmlFreeTextWriter(writer)
        xmlBufferFree(buffer)
    }

    func start(_ element: String) {
        check(element.withXMLChars { xmlTextWriterStartElement(writer, $0) })
    }

    func attribute(_ name: String, _ value: String) {
        let safe = value.xmlSafe
        check(name.withXMLChars { name in safe.withXMLChars { xmlTextWriterWriteAttribute(writer, name, $0) } })
    }

    func text(_ value: String) {
        check(value.xmlSafe.withXMLChars { xmlTextWriterWriteString(writer, $0) })
    }

    func comment(_ value: String) {
        check(value.xmlSafe.withXMLChars { xmlTextWriterWriteComment(writer, $0) })
    }

    /// An element holding only text: `<name>value</name>`.
    func element(_ name: String, text value: String, attributes: [(String, String)] = []) {
        start(name)
        for (attributeName, attributeValue) in attributes { attribute(attributeName, attributeValue) }
        text(value)
        end()
    }

    func end() {
        check(xmlTextWriterEndElement(writer))
    }

    /// Closes every open element and returns the document, or nil if anything failed.
    func finish() -> [UInt8]? {
        check(xmlTextWriterEndDocument(writer))
        check(xmlTextWriterFlush(writer))
        guard !failed, let content = xmlBufferContent(buffer) else { return nil }
        return Array(UnsafeBufferPointer(start: content, count: Int(xmlBufferLength(buffer))))
    }

    private func check(_ status: Int32) {
        if status < 0 { failed = true }
    }
}

extension String {
    func withXMLChars<R>(_ body: (UnsafePointer<xmlChar>) -> R) -> R {
        withCString { $0.withMemoryRebound(to: xmlChar.self, capacity: utf8.count + 1, body) }
    }

    /// The text without terminal escape sequences (colour codes) and without the characters
    /// XML 1.0 does not allow at all (controls other than tab, newline, carriage return).
    var xmlSafe: String {
        var result = String.UnicodeScalarView()
        var scalars = unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            if scalar == "\u{1B}" {
                // CSI: ESC [ parameters, then one final byte in @...~; other escapes: one byte.
                guard let next = scalars.next() else { break }
                if next == "[" {
                    while let byte = scalars.next(), !(0x40...0x7E).contains(byte.value) {}
                }
                continue
            }
            let value = scalar.value
            if value == 0x9 || value == 0xA || value == 0xD || (0x20...0xD7FF).contains(value)
                || (0xE000...0xFFFD).contains(value) || value >= 0x10000 {
                result.append(scalar)
            }
        }
        return String(result)
    }
}
