package dev.decisioning.engine.formats;

import dev.decisioning.engine.DecisionMessage;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;

/** Says where a DMN file is not well-formed XML, by line of the file as its author wrote it. */
final class DmnXmlCheck {
    private static final SAXParserFactory FACTORY = secureFactory();

    private DmnXmlCheck() {
    }

    static Optional<DecisionMessage> problem(String fileName, byte[] content) {
        try {
            FACTORY.newSAXParser().parse(new ByteArrayInputStream(content), new DefaultHandler());
            return Optional.empty();
        } catch (SAXParseException e) {
            return Optional.of(DecisionMessage.error("compilation", fileName, e.getLineNumber() > 0 ? e.getLineNumber() : null,
                    "not well-formed XML: " + e.getMessage()));
        } catch (SAXException | IOException | ParserConfigurationException e) {
            return Optional.of(DecisionMessage.error("compilation", fileName, null, "cannot read XML: " + e.getMessage()));
        }
    }

    private static SAXParserFactory secureFactory() {
        SAXParserFactory factory = SAXParserFactory.newInstance();
        factory.setNamespaceAware(true);
        try {
            // Rule files may come from outside: no DTDs, no external entities.
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("XML parser lacks secure processing", e);
        }
        return factory;
    }
}
