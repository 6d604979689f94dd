SELECT "window_start", "src_ip", COUNT(DISTINCT "counted_value") AS "value_count"
FROM (SELECT time_bucket(to_seconds(3600), "time") AS "window_start", COALESCE(json_extract_string(json_value("raw", '$."client.ipAddress"'), '$'), json_extract_string(json_value("raw", '$.client.ipAddress'), '$')) AS "src_ip", json_extract_string(json_value("raw", '$.user'), '$') AS "counted_value"
FROM "okta"
WHERE COALESCE(json_extract_string(json_value("raw", '$."outcome.result"'), '$'), json_extract_string(json_value("raw", '$.outcome.result'), '$')) IS NOT NULL AND LOWER(COALESCE(json_extract_string(json_value("raw", '$."outcome.result"'), '$'), json_extract_string(json_value("raw", '$.outcome.result'), '$'))) = 'failure'
UNION ALL
SELECT time_bucket(to_seconds(3600), "time") AS "window_start", json_extract_string(json_value("raw", '$.IPAddress'), '$') AS "src_ip", json_extract_string(json_value("raw", '$.user'), '$') AS "counted_value"
FROM "entra_signin"
WHERE NOT (json_extract_string(json_value("raw", '$.ResultType'), '$') IS NOT NULL AND ((CASE WHEN regexp_full_match(json_extract_string(json_value("raw", '$.ResultType'), '$'), '\s*[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?\s*') THEN TRY_CAST(trim(json_extract_string(json_value("raw", '$.ResultType'), '$')) AS DOUBLE) END) IS NOT NULL AND (CASE WHEN regexp_full_match(json_extract_string(json_value("raw", '$.ResultType'), '$'), '\s*[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?\s*') THEN TRY_CAST(trim(json_extract_string(json_value("raw", '$.ResultType'), '$')) AS DOUBLE) END) = 0 OR LOWER(json_extract_string(json_value("raw", '$.ResultType'), '$')) = '0'))) AS "t3"
GROUP BY "window_start", "src_ip"
HAVING COUNT(DISTINCT "counted_value") > 10 AND COUNT(DISTINCT "counted_value") < 1000
