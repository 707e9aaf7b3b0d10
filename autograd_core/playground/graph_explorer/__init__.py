"""The Graph Explorer's logic: everything its page needs that is not Streamlit."""
