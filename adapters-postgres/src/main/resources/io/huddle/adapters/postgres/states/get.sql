-- A live session's state row; none when nobody wrote it (version 0).
SELECT st.version, st.data, st.updated_at, st.updated_by
FROM states st JOIN sessions s ON s.id = st.session_id
WHERE s.code = :code AND s.expires_at > :now
