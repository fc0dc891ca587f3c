package io.stategrid.document.impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.flipkart.zjsonpatch.InvalidJsonPatchException;
import com.flipkart.zjsonpatch.JsonPatch;
import com.flipkart.zjsonpatch.JsonPatchApplicationException;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.document.PatchFormat;
import io.stategrid.internal.Json;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * JSON Patch (RFC 6902, through zjsonpatch) and Merge Patch (RFC 7396, the RFC's own algorithm), and
 * the paths a patch touches, for the rule that lets a JSON op made against an old version through.
 */
final class JsonEdits {
    // zjsonpatch's default lets "remove" of a missing member succeed; RFC 6902 section 4.2 says it must fail.
    private static final EnumSet<com.flipkart.zjsonpatch.CompatibilityFlags> STRICT =
            EnumSet.of(com.flipkart.zjsonpatch.CompatibilityFlags.FORBID_REMOVE_MISSING_OBJECT);

    private JsonEdits() {}

    /** Parses and checks a patch's shape. @throws StategridException INVALID_ARGUMENT */
    static JsonNode parsePatch(PatchFormat format, String patch) {
        JsonNode node = Json.readTree(patch);
        if (format == PatchFormat.JSON_PATCH) {
            if (!node.isArray() || node.isEmpty()) {
                throw StategridException.invalid("a JSON Patch is a non-empty array of operations");
            }
            try {
                JsonPatch.validate(node);
            } catch (InvalidJsonPatchException e) {
                throw StategridException.invalid("invalid JSON Patch: %s", e.getMessage());
            }
        }
        return node;
    }

    /**
     * Applies {@code patch} to {@code content} (JSON text) and returns the new content.
     *
     * @throws StategridException CONFLICT when the patch cannot apply to this content (a missing path,
     *                            a failed {@code test})
     */
    static String apply(PatchFormat format, String content, JsonNode patch) {
        JsonNode document = Json.readStored(content);
        if (format == PatchFormat.MERGE_PATCH) {
            return mergePatch(document, patch).toString();
        }
        try {
            return JsonPatch.apply(patch, document, STRICT).toString();
        } catch (JsonPatchApplicationException e) {
            throw StategridException.of(
                    ErrorCode.CONFLICT, "the patch does not apply to the current content: %s", e.getMessage());
        }
    }

    /** RFC 7396 section 2, verbatim. */
    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result =
                target != null && target.isObject() ? (ObjectNode) target.deepCopy() : Json.MAPPER.createObjectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNull()) {
                result.remove(field.getKey());
            } else {
                result.set(field.getKey(), mergePatch(result.get(field.getKey()), field.getValue()));
            }
        }
        return result;
    }

    /** JSON Pointers the patch writes or reads ({@code path}, and {@code from} of move and copy). */
    static List<String> touchedPaths(PatchFormat format, JsonNode patch) {
        List<String> paths = new ArrayList<>();
        if (format == PatchFormat.JSON_PATCH) {
            for (JsonNode op : patch) {
                paths.add(op.path("path").asText());
                if (op.has("from")) {
                    paths.add(op.path("from").asText());
                }
            }
        } else {
            mergePaths("", patch, paths);
        }
        return paths;
    }

    private static void mergePaths(String prefix, JsonNode patch, List<String> paths) {
        if (!patch.isObject()) {
            paths.add(prefix);
            return;
        }
        patch.fields()
                .forEachRemaining(field -> mergePaths(prefix + "/" + escape(field.getKey()), field.getValue(), paths));
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    /**
     * Whether two JSON Pointers may interfere: one is a prefix of the other (a write to {@code /a}
     * replaces {@code /a/b}), or they part inside an array (an insert or removal at one index moves
     * every later index, so array positions never commute).
     */
    static boolean overlap(String a, String b) {
        String[] x = a.isEmpty() ? new String[0] : a.substring(1).split("/", -1);
        String[] y = b.isEmpty() ? new String[0] : b.substring(1).split("/", -1);
        int common = Math.min(x.length, y.length);
        for (int i = 0; i < common; i++) {
            if (!x[i].equals(y[i])) {
                return isArrayIndex(x[i]) || isArrayIndex(y[i]);
            }
        }
        return true;
    }

    private static boolean isArrayIndex(String segment) {
        return segment.equals("-") || (!segment.isEmpty() && segment.chars().allMatch(Character::isDigit));
    }
}
