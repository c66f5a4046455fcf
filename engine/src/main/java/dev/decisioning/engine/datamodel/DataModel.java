package dev.decisioning.engine.datamodel;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import dev.decisioning.engine.DecisionMessage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a rule set declares about its requests and answers, in two files of its own: {@value #SCHEMA_FILE}, a JSON
 * Schema (draft 2020-12) of the request body, and {@value #MANIFEST_FILE}, which request field holds the subject,
 * where the decision's instant is, which DMN model decides and which of its decisions make the answer. Nothing of a
 * business is known to the engine beyond what these files say.
 */
public final class DataModel {
    public static final String SCHEMA_FILE = "data-model.schema.json";
    public static final String MANIFEST_FILE = "ruleset.json";
    /** The annotation a data model puts on fields that hold personal data. */
    public static final String PERSONAL = "x-personal";
    /**
     * The annotation a data model gives its own wording of an error in, by keyword
     * ({@code "x-message": {"maximum": "is out of range for a whole number"}}).
     */
    public static final String MESSAGE = "x-message";
    /** The key of a JSON text's top level among its lines. */
    private static final String ROOT = "";
    private static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    /** Draft 2020-12, knowing our one annotation, so that schemas using it are not warned about on every read. */
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            com.networknt.schema.dialect.Dialect.builder(com.networknt.schema.dialect.Dialects.getDraft202012())
                    .keyword(new com.networknt.schema.keyword.AnnotationKeyword(PERSONAL))
                    .keyword(new com.networknt.schema.keyword.AnnotationKeyword(MESSAGE))
                    .build(),
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                    .formatAssertionsEnabled(true)
                    .errorMessageKeyword(MESSAGE)
                    .strict("type", true)
                    .pathType(PathType.JSON_PATH)
                    .build()));
    private static final Pattern QUOTED_NAME = Pattern.compile("\\['((?:[^'\\\\]|\\\\.)*)'\\]");

    /**
     * The manifest.
     *
     * @param subject       the top-level request field that holds whom the decision is about (its {@code id} is
     *                      echoed in the answer)
     * @param subjectIdName the answer's name for that id, e.g. {@code customerId}
     * @param now           dotted path of the decision's instant in the request; the server's clock when absent
     * @param model         the DMN model that decides (its {@code name}); may be left out when there is one
     * @param outputs       what makes up the answer, in order: the model's decisions, or values the rules derived
     * @param facts         for rule sets with DRL or spreadsheet rules: request parts inserted as facts of the rule
     *                      set's declared types, by dotted path ({@code customer.orders}: one fact per element) to the
     *                      type's full name ({@code retail.loyalty.Order}); fields filled by name
     * @param derived       values the rules work out, handed to the model as inputs of these names (and available as
     *                      outputs)
     * @param impact        what an impact preview compares: answer fields by dotted path ({@code loyaltyTier.tier}),
     *                      or a field of every element of a list ({@code offers[].id}); each output whole when empty
     * @param inputs        model inputs fed from another request part than the top-level field of the same name: the
     *                      input's name to the dotted path of its value in the request ({@code interaction} from
     *                      {@code context})
     */
    public record Manifest(String subject, String subjectIdName, String now, String model, List<String> outputs,
                           Map<String, String> facts, Map<String, Derived> derived, List<String> impact,
                           Map<String, String> inputs) {
        public Manifest {
            inputs = inputs == null ? Map.of() : new java.util.LinkedHashMap<>(inputs);
            outputs = outputs == null ? List.of() : List.copyOf(outputs);
            impact = impact == null ? List.of() : List.copyOf(impact);
            facts = facts == null ? Map.of() : new java.util.LinkedHashMap<>(facts);
            derived = derived == null ? Map.of() : new java.util.LinkedHashMap<>(derived);
        }
    }

    /**
     * A value the rules derive: one fact of a declared type, inserted empty before the rules fire and read back as an
     * object of its fields; or, with {@code collect}, that field of every fact of the type the rules inserted, as a
     * sorted list without repeats. {@code omit} names fields of the fact the value leaves out (such as the {@code today}
     * the engine sets for the rules to count from).
     */
    public record Derived(String type, String collect, List<String> omit) {
        public Derived {
            omit = omit == null ? List.of() : List.copyOf(omit);
        }
    }

    /** A data model as read, or the problems that kept it from being read (both null/empty when there is none). */
    public record Read(DataModel model, List<DecisionMessage> problems) {
    }

    private final Manifest manifest;
    private final Schema schema;
    private final Set<String> personalFields;

    private DataModel(Manifest manifest, Schema schema, Set<String> personalFields) {
        this.manifest = manifest;
        this.schema = schema;
        this.personalFields = personalFields;
    }

    public Manifest manifest() {
        return manifest;
    }

    /** Paths of the fields the schema marks personal, e.g. {@code member.birthDate} or {@code member.flights[].id}. */
    public Set<String> personalFields() {
        return personalFields;
    }

    /** True when a rule set's files include a data model (either of its two files). */
    public static boolean isPresent(Map<String, byte[]> files) {
        return files.containsKey(SCHEMA_FILE) || files.containsKey(MANIFEST_FILE);
    }

    /** True for the files this class reads, which are no rule files. */
    public static boolean isDataModelFile(String file) {
        return file.equals(SCHEMA_FILE) || file.equals(MANIFEST_FILE);
    }

    /** Reads the data model from a rule set's files; problems name the file and, where known, the line. */
    public static Read read(Map<String, byte[]> files) {
        if (!isPresent(files)) {
            return new Read(null, List.of());
        }
        List<DecisionMessage> problems = new ArrayList<>();
        if (!files.containsKey(SCHEMA_FILE) || !files.containsKey(MANIFEST_FILE)) {
            String missing = files.containsKey(SCHEMA_FILE) ? MANIFEST_FILE : SCHEMA_FILE;
            problems.add(DecisionMessage.error("data-model", missing, null, "a rule set with a data model needs both "
                    + SCHEMA_FILE + " (the request it accepts) and " + MANIFEST_FILE + " (what answers it); "
                    + missing + " is missing"));
            return new Read(null, problems);
        }
        Manifest manifest = readManifest(files.get(MANIFEST_FILE), problems);
        Schema schema = readSchema(files.get(SCHEMA_FILE), problems);
        if (!problems.isEmpty()) {
            return new Read(null, problems);
        }
        return new Read(new DataModel(manifest, schema, personalFields(schema.getSchemaNode())), List.of());
    }

    private static Manifest readManifest(byte[] content, List<DecisionMessage> problems) {
        Manifest manifest;
        try {
            manifest = JSON.readValue(content, Manifest.class);
        } catch (JsonProcessingException e) {
            problems.add(DecisionMessage.error("data-model", MANIFEST_FILE, line(e.getLocation()), e.getOriginalMessage()));
            return null;
        } catch (IOException e) {
            problems.add(DecisionMessage.error("data-model", MANIFEST_FILE, null, e.getMessage()));
            return null;
        }
        if (manifest == null) {
            problems.add(DecisionMessage.error("data-model", MANIFEST_FILE, 1, "the file is empty; it must be a JSON object"));
            return null;
        }
        Map<String, Integer> lines = lines(content);
        require(manifest.subject(), "subject", "the top-level request field that holds whom the decision is about",
                lines, problems);
        require(manifest.subjectIdName(), "subjectIdName", "the answer's name for the subject's id, e.g. customerId",
                lines, problems);
        if (manifest.outputs() == null || manifest.outputs().isEmpty()) {
            problems.add(DecisionMessage.error("data-model", MANIFEST_FILE, lines.getOrDefault(ROOT, 1),
                    "'outputs' must list the DMN decisions whose results make up the answer"));
        }
        return manifest;
    }

    private static void require(String value, String field, String what, Map<String, Integer> lines,
                                List<DecisionMessage> problems) {
        if (value == null || value.isBlank()) {
            problems.add(DecisionMessage.error("data-model", MANIFEST_FILE, lines.getOrDefault(field,
                    lines.getOrDefault(ROOT, 1)), "'" + field + "' is required: " + what));
        }
    }

    private static Schema readSchema(byte[] content, List<DecisionMessage> problems) {
        JsonNode node;
        try {
            node = JSON.readTree(content);
        } catch (JsonProcessingException e) {
            problems.add(DecisionMessage.error("data-model", SCHEMA_FILE, line(e.getLocation()), e.getOriginalMessage()));
            return null;
        } catch (IOException e) {
            problems.add(DecisionMessage.error("data-model", SCHEMA_FILE, null, e.getMessage()));
            return null;
        }
        if (node == null || !node.isObject()) {
            problems.add(DecisionMessage.error("data-model", SCHEMA_FILE, 1, "a JSON Schema must be a JSON object"));
            return null;
        }
        Map<String, Integer> lines = lines(content);
        List<Error> metaErrors;
        try {
            metaErrors = REGISTRY.getSchema(SchemaLocation.of(META_SCHEMA)).validate(node);
        } catch (SchemaException e) {
            metaErrors = List.of();
        }
        for (Error error : metaErrors) {
            String at = error.getInstanceLocation().toString();
            problems.add(DecisionMessage.error("data-model", SCHEMA_FILE, lineOf(at, lines),
                    "not a valid JSON Schema (draft 2020-12) at " + at + ": " + error.getMessage()));
        }
        if (!problems.isEmpty()) {
            return null;
        }
        try {
            return REGISTRY.getSchema(node);
        } catch (SchemaException | IllegalArgumentException e) {
            problems.add(DecisionMessage.error("data-model", SCHEMA_FILE, 1, "the schema cannot be used: " + e.getMessage()));
            return null;
        }
    }

    /**
     * Every way {@code request} does not fit the schema, each naming the field by its path in the request
     * ({@code member.flights[0].cabin}) and the rule it breaks; empty when it fits.
     */
    public List<DecisionMessage> validate(JsonNode request) {
        List<DecisionMessage> problems = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Error error : schema.validate(request)) {
            String field = fieldPath(error.getInstanceLocation().toString());
            if (("required".equals(error.getKeyword()) || "additionalProperties".equals(error.getKeyword()))
                    && error.getProperty() != null) {
                field = field == null ? error.getProperty() : field + "." + error.getProperty();
            }
            String text = plain(error.getMessage());
            if ("format".equals(error.getKeyword()) && error.getInstanceNode() != null
                    && error.getInstanceNode().isTextual()) {
                // say what was sent, as far as it is short enough to repeat
                text = "'" + dev.decisioning.engine.request.RequestJson.quoted(error.getInstanceNode().asText()) + "' "
                        + text;
            }
            if (seen.add(field + "\u0000" + text)) {
                problems.add(DecisionMessage.error("input", field == null ? "(body)" : field, null, text));
            }
        }
        return problems;
    }

    /**
     * A request that fits the schema as plain Java values, typed by the schema: numbers as exact decimals, strings
     * the schema formats as {@code date}, {@code date-time} or {@code time} as {@link java.time.LocalDate},
     * {@link java.time.ZonedDateTime} and {@link java.time.LocalTime} (FEEL's date, date and time, and time), objects
     * as maps in the request's order, arrays as lists. A field the request leaves out (or sends as null) takes the
     * schema's {@code default} where the schema gives one, so rules and models see the same value either way.
     */
    public Object typed(JsonNode value) {
        return typed(value, schema.getSchemaNode());
    }

    private Object typed(JsonNode value, JsonNode schemaNode) {
        JsonNode at = resolve(schemaNode);
        if (value == null || value.isNull() || value.isMissingNode()) {
            // A field left out, or null where the schema allows it, takes the schema's default when it has one.
            JsonNode fallback = at == null ? null : at.get("default");
            return fallback == null || fallback.isNull() ? null : typed(fallback, schemaNode);
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual()) {
            String format = at == null ? "" : at.path("format").asText("");
            try {
                return switch (format) {
                    case "date" -> java.time.LocalDate.parse(value.asText());
                    case "date-time" -> java.time.OffsetDateTime.parse(value.asText()).toZonedDateTime();
                    case "time" -> java.time.LocalTime.parse(value.asText());
                    default -> value.asText();
                };
            } catch (java.time.format.DateTimeParseException e) {
                return value.asText(); // the schema has said what is wrong with it already
            }
        }
        if (value.isArray()) {
            List<Object> list = new ArrayList<>(value.size());
            JsonNode items = at == null ? null : at.get("items");
            value.forEach(item -> list.add(typed(item, items)));
            return list;
        }
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        JsonNode properties = at == null ? null : at.get("properties");
        value.properties().forEach(field -> map.put(field.getKey(),
                typed(field.getValue(), properties == null ? null : properties.get(field.getKey()))));
        if (properties != null) {
            properties.properties().forEach(property -> {
                if (!map.containsKey(property.getKey())) {
                    JsonNode declared = resolve(property.getValue());
                    if (declared != null && declared.has("default") && !declared.get("default").isNull()) {
                        map.put(property.getKey(), typed(declared.get("default"), property.getValue()));
                    }
                }
            });
        }
        return map;
    }

    /** A schema node, or the one its local {@code $ref} ({@code #/$defs/flight}) points to. */
    private JsonNode resolve(JsonNode schemaNode) {
        JsonNode node = schemaNode;
        for (int hops = 0; node != null && node.has("$ref") && hops < 16; hops++) {
            String ref = node.get("$ref").asText();
            node = ref.startsWith("#") ? schema.getSchemaNode().at(ref.substring(1)) : null;
            node = node == null || node.isMissingNode() ? null : node;
        }
        return node;
    }

    /** The value at a dotted path of the request ({@code context.now}), or a missing node. */
    public static JsonNode at(JsonNode request, String dottedPath) {
        JsonNode node = request;
        for (String part : dottedPath.split("\\.")) {
            node = node.path(part);
        }
        return node;
    }

    /** A JSON path as networknt writes it ({@code $.a['b-c'][0]}) as the API names fields ({@code a.b-c[0]}). */
    static String fieldPath(String jsonPath) {
        String path = jsonPath.startsWith("$") ? jsonPath.substring(1) : jsonPath;
        Matcher quoted = QUOTED_NAME.matcher(path);
        StringBuilder plain = new StringBuilder();
        while (quoted.find()) {
            quoted.appendReplacement(plain, Matcher.quoteReplacement("." + quoted.group(1).replace("\\'", "'")));
        }
        quoted.appendTail(plain);
        String field = plain.toString();
        field = field.startsWith(".") ? field.substring(1) : field;
        return field.isEmpty() ? null : field;
    }

    /** networknt's message without the location it starts with, which the field already says. */
    private static String plain(String message) {
        int colon = message.indexOf(": ");
        return message.startsWith("$") && colon > 0 ? message.substring(colon + 2) : message;
    }

    private static Integer line(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? null : location.getLineNr();
    }

    private static Integer lineOf(String jsonPath, Map<String, Integer> lines) {
        for (String at = fieldPath(jsonPath) == null ? ROOT : fieldPath(jsonPath); ; ) {
            Integer line = lines.get(at);
            if (line != null) {
                return line;
            }
            int cut = Math.max(at.lastIndexOf('.'), at.lastIndexOf('['));
            if (cut <= 0) {
                return lines.getOrDefault(ROOT, 1);
            }
            at = at.substring(0, cut);
        }
    }

    /** The line each value of a JSON text starts on, by its path as fields are named ({@code properties.member.type}). */
    private static Map<String, Integer> lines(byte[] content) {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = JSON.getFactory().createParser(content)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token != JsonToken.FIELD_NAME && token != JsonToken.END_OBJECT && token != JsonToken.END_ARRAY) {
                    // A container's own context is inside it; its place is its parent's.
                    com.fasterxml.jackson.core.JsonStreamContext at = token.isStructStart()
                            ? parser.getParsingContext().getParent() : parser.getParsingContext();
                    String path = dev.decisioning.engine.request.RequestJson.fieldAt(at);
                    lines.putIfAbsent(path == null ? ROOT : path, parser.currentTokenLocation().getLineNr());
                }
            }
        } catch (IOException e) {
            // a file that does not parse has been reported already
        }
        return lines;
    }

    private static Set<String> personalFields(JsonNode schema) {
        Set<String> fields = new TreeSet<>();
        collectPersonal(schema, schema, "", fields, new java.util.HashSet<>());
        return Set.copyOf(fields);
    }

    /**
     * Walks the schema as a request is shaped: properties, list items, the subschemas of {@code allOf}, {@code anyOf},
     * {@code oneOf} and {@code if/then/else}, and local {@code $ref}s ({@code #/$defs/order}), so that a field marked
     * in a shared definition is found wherever the request uses it. {@code following} holds the references being
     * followed on the way here, so that a recursive definition is walked once.
     */
    private static void collectPersonal(JsonNode root, JsonNode schema, String at, Set<String> fields,
                                        Set<String> following) {
        if (schema == null || !schema.isObject()) {
            return;
        }
        if (schema.path(PERSONAL).asBoolean(false) && !at.isEmpty()) {
            fields.add(at);
        }
        JsonNode ref = schema.get("$ref");
        if (ref != null && ref.isTextual() && ref.asText().startsWith("#") && following.add(ref.asText())) {
            JsonNode target = root.at(ref.asText().substring(1));
            collectPersonal(root, target.isMissingNode() ? null : target, at, fields, following);
            following.remove(ref.asText());
        }
        schema.path("properties").properties().forEach(p -> collectPersonal(root, p.getValue(),
                at.isEmpty() ? p.getKey() : at + "." + p.getKey(), fields, following));
        collectPersonal(root, schema.get("items"), at + "[]", fields, following);
        for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
            schema.path(combinator).forEach(branch -> collectPersonal(root, branch, at, fields, following));
        }
        for (String branch : List.of("if", "then", "else")) {
            collectPersonal(root, schema.get(branch), at, fields, following);
        }
    }
}
