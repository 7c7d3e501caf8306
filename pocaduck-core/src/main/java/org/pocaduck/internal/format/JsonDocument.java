package org.pocaduck.internal.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.pocaduck.PocaduckException;

/**
 * One of the dataset's JSON files (the manifest, a run's plan) read field by field: every value is checked for its
 * presence and type, and a wrong one gives a {@link PocaduckException} that names the file, the field and what was
 * expected. Written with the same mapper, so that every string is escaped.
 */
public final class JsonDocument {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final JsonNode root;
    private final String name;

    private JsonDocument(JsonNode root, String name) {
        this.root = root;
        this.name = name;
    }

    /**
     * Parses {@code json}, which must be one object.
     *
     * @param name the file's full name, for messages
     */
    public static JsonDocument parse(String json, String name) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new PocaduckException(name + " is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")"));
        }
        if (root == null || !root.isObject()) {
            throw new PocaduckException(name + " does not hold a JSON object");
        }
        return new JsonDocument(root, name);
    }

    /** A new object to fill and then {@link #write}. */
    public static ObjectNode newObject() {
        return MAPPER.createObjectNode();
    }

    /** The object as indented JSON text, ending with a newline. */
    public static String write(ObjectNode object) {
        try {
            return MAPPER.writeValueAsString(object) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + object, e);
        }
    }

    /** A string field; null only if {@code nullable} and the field is JSON null. */
    public String text(String field, boolean nullable) {
        return text(root, field, field, nullable);
    }

    /** An integer field within [min, max]. */
    public long integer(String field, long min, long max) {
        return integer(root, field, field, min, max);
    }

    /** Whether the document has the field, for fields that later format versions added. */
    public boolean has(String field) {
        return root.has(field);
    }

    public boolean bool(String field) {
        JsonNode value = required(root, field, field);
        if (!value.isBoolean()) {
            throw wrong(field, value, "true or false");
        }
        return value.booleanValue();
    }

    /** The objects of an array field. */
    public List<Element> objects(String field) {
        JsonNode value = required(root, field, field);
        if (!value.isArray()) {
            throw wrong(field, value, "an array");
        }
        List<Element> elements = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            String path = field + "[" + i + "]";
            if (!value.get(i).isObject()) {
                throw wrong(path, value.get(i), "an object");
            }
            elements.add(new Element(value.get(i), path));
        }
        return elements;
    }

    /** One object of an array field. */
    public final class Element {
        private final JsonNode node;
        private final String path;

        private Element(JsonNode node, String path) {
            this.node = node;
            this.path = path;
        }

        public String text(String field) {
            return JsonDocument.this.text(node, field, path + "." + field, false);
        }

        public long integer(String field, long min, long max) {
            return JsonDocument.this.integer(node, field, path + "." + field, min, max);
        }
    }

    private String text(JsonNode object, String field, String path, boolean nullable) {
        JsonNode value = required(object, field, path);
        if (nullable && value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw wrong(path, value, nullable ? "a string or null" : "a string");
        }
        return value.textValue();
    }

    private long integer(JsonNode object, String field, String path, long min, long max) {
        JsonNode value = required(object, field, path);
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < min
                || value.longValue() > max) {
            throw wrong(path, value, "an integer from " + min + " to " + max);
        }
        return value.longValue();
    }

    private JsonNode required(JsonNode object, String field, String path) {
        JsonNode value = object.get(field);
        if (value == null) {
            throw new PocaduckException(name + " has no field \"" + path + "\"");
        }
        return value;
    }

    private PocaduckException wrong(String path, JsonNode value, String expected) {
        String shown = value.toString();
        return new PocaduckException(name + ": field \"" + path + "\" is "
                + (shown.length() > 80 ? shown.substring(0, 80) + "..." : shown) + "; expected " + expected);
    }
}
