package dev.promotiond.evidence;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A streaming XML reader over one uploaded report that never resolves anything: the JDK's own
 * StAX parser (never a provider found on the class path) with DTD processing and external
 * entities off, no external DTD or schema access and a resolver that refuses everything. Before
 * it, {@link XmlProlog} has checked the raw bytes (encoding, no DOCTYPE internal subset). A
 * DOCTYPE that only names a public/system id is accepted and its DTD never loaded, because JaCoCo
 * writes {@code <!DOCTYPE report PUBLIC "-//JACOCO//DTD Report 1.1//EN" "report.dtd">}. Entity
 * references in content are rejected; after an id-only DOCTYPE the XML rules let an undeclared
 * reference in an attribute read as empty, which at worst makes a number attribute "not a
 * number". Streaming keeps memory flat for any file size.
 */
final class SafeXml implements AutoCloseable {
    private final String file;
    private final XMLStreamReader reader;

    private SafeXml(String file, XMLStreamReader reader) {
        this.file = file;
        this.reader = reader;
    }

    /** Opens the content and advances to the root element's start. */
    static SafeXml open(String file, byte[] content) throws EvidenceException {
        XmlProlog.Text text = XmlProlog.check(file, content);
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resources are not loaded: " + systemId);
        });
        XMLStreamReader reader;
        try {
            // decoded here, not by the parser: the JDK parser prints decoding errors to stderr
            reader = factory.createXMLStreamReader(new InputStreamReader(
                    new ByteArrayInputStream(content, text.start(), content.length - text.start()),
                    XmlProlog.decoder(text.charset())));
        } catch (XMLStreamException e) {
            throw malformed(file, e);
        }
        SafeXml xml = new SafeXml(file, reader);
        while (xml.next() != XMLStreamConstants.START_ELEMENT) {
            // prolog: declaration, comments, processing instructions, an id-only DOCTYPE
        }
        return xml;
    }

    /** The next event; entity references are rejected. */
    int next() throws EvidenceException {
        int event;
        try {
            if (!reader.hasNext()) {
                throw reject("XML ends before its root element");
            }
            event = reader.next();
        } catch (XMLStreamException e) {
            throw malformed(file, e);
        } catch (RuntimeException e) {
            // not seen in fuzzing, but the parser is a large third-party state machine: should it
            // ever fail unchecked on odd input, that is a rejected file, not a crashed upload
            throw reject("malformed XML: " + e.getClass().getSimpleName());
        }
        if (event == XMLStreamConstants.ENTITY_REFERENCE) {
            throw reject("XML entity references are not allowed (&" + reader.getLocalName() + ";)");
        }
        return event;
    }

    /** Reads the rest of the document, so a truncated or malformed file is rejected. */
    void finish() throws EvidenceException {
        while (next() != XMLStreamConstants.END_DOCUMENT) {
            // only well-formedness matters here
        }
    }

    /** The current element's local name. */
    String name() {
        return reader.getLocalName();
    }

    /** The current element's attribute with this local name, whatever its namespace, or null. */
    String attribute(String localName) {
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            if (reader.getAttributeLocalName(i).equals(localName)) {
                return reader.getAttributeValue(i);
            }
        }
        return null;
    }

    /** The current comment's text. */
    String text() {
        return reader.getText();
    }

    /** The attribute as a finite number, or null when absent. */
    Double number(String localName) throws EvidenceException {
        String text = attribute(localName);
        if (text == null) {
            return null;
        }
        double value;
        try {
            value = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw reject(describe(localName, text) + " is not a number");
        }
        if (!Double.isFinite(value)) {
            throw reject(describe(localName, text) + " is not a finite number");
        }
        return value;
    }

    /** The attribute as a whole number ≥ 0, or null when absent. */
    Long count(String localName) throws EvidenceException {
        Double value = number(localName);
        if (value == null) {
            return null;
        }
        if (value < 0 || value != Math.rint(value)) {
            throw reject(describe(localName, attribute(localName)) + " is not a whole number ≥ 0");
        }
        if (value > ReportParsers.MAX_COUNT) {
            throw reject(describe(localName, attribute(localName)) + " is too large for a count");
        }
        return value.longValue();
    }

    /** A rejection at the current position. */
    EvidenceException reject(String reason) {
        Location at = reader.getLocation();
        String where = at == null || at.getLineNumber() < 0 ? "" : " (at " + at.getLineNumber() + ":" + at.getColumnNumber() + ")";
        return new EvidenceException(file, reason + where);
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (XMLStreamException e) {
            // an in-memory stream has nothing to release
        }
    }

    private String describe(String attribute, String text) {
        String shown = text.length() > 40 ? text.substring(0, 40) + "…" : text;
        return "<" + name() + "> attribute " + attribute + "=\"" + shown + "\"";
    }

    private static EvidenceException malformed(String file, XMLStreamException e) {
        Location at = e.getLocation();
        String message = e.getNestedException() != null ? e.getNestedException().getMessage() : e.getMessage();
        if (message != null) {
            int cut = message.indexOf("Message: ");
            message = cut >= 0 ? message.substring(cut + "Message: ".length()) : message;
        }
        String where = at == null ? "" : " at " + at.getLineNumber() + ":" + at.getColumnNumber();
        return new EvidenceException(file, "malformed XML" + where + ": " + (message == null ? "unreadable" : message.strip()));
    }
}
