package io.stategrid.persistence.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stategrid.StategridException;
import io.stategrid.internal.Json;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Turns SQL values into the JSON a cache stores. One column: json/jsonb (and text holding JSON) as
 * they are, numbers and booleans as JSON scalars, other types as strings; several columns: an object
 * by column label, as {@code row_to_json} would.
 */
final class RowValues {
    private RowValues() {}

    /** The JSON of columns {@code first..last} of the current row (UTF-8), or null when a lone column is SQL NULL. */
    static byte[] json(ResultSet row, int first, int last) throws SQLException {
        if (first == last) {
            String text = scalar(row, first, true);
            return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
        }
        ResultSetMetaData meta = row.getMetaData();
        ObjectNode object = Json.MAPPER.createObjectNode();
        for (int column = first; column <= last; column++) {
            String text = scalar(row, column, false);
            object.set(meta.getColumnLabel(column), text == null ? object.nullNode() : Json.readStored(text));
        }
        return Json.write(object).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * One column as JSON text. A lone text column must hold JSON (refused otherwise, so a mistyped query
     * fails loudly); among several columns text is a JSON string, as in {@code row_to_json}.
     */
    private static String scalar(ResultSet row, int column, boolean textIsJson) throws SQLException {
        ResultSetMetaData meta = row.getMetaData();
        String text = row.getString(column);
        if (text == null) {
            return null;
        }
        String type = meta.getColumnTypeName(column);
        if ("json".equalsIgnoreCase(type) || "jsonb".equalsIgnoreCase(type)) {
            return text;
        }
        switch (meta.getColumnType(column)) {
            case Types.BOOLEAN, Types.BIT -> {
                return row.getBoolean(column) ? "true" : "false";
            }
            case Types.TINYINT,
                    Types.SMALLINT,
                    Types.INTEGER,
                    Types.BIGINT,
                    Types.NUMERIC,
                    Types.DECIMAL,
                    Types.REAL,
                    Types.FLOAT,
                    Types.DOUBLE -> {
                return text;
            }
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR -> {
                if (!textIsJson) {
                    return Json.write(text);
                }
                try {
                    Json.readTree(text);
                    return text;
                } catch (StategridException e) {
                    throw StategridException.invalid(
                            "column %s (%s) holds text that is not JSON: %s",
                            meta.getColumnLabel(column), type, e.getMessage());
                }
            }
            default -> {
                // timestamps, uuids and the like become JSON strings
                return Json.write(text);
            }
        }
    }
}
