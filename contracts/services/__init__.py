"""Every write to contracts, in one package along its seams: the clause library and templates
(`templates`), what a document says and its versions (`generation`), previews and letters
(`letters`), the agreement's life (`lifecycle`: send, sign, cooling-off, dissolve, transfer)
and the sale's buyer-side steps (`sale`: accept, withdraw after accepting). Reads are in
`contracts.selectors`.
"""

from contracts.services.generation import (
    contract_context,
    contract_create,
    contract_regenerate,
    contract_render,
    contract_retry_render,
    contract_update_dates,
    contracts_render_pending,
    document_data,
    dutch_day,
)
from contracts.services.letters import (
    SAMPLE_BUYER,
    SAMPLE_REFERENCE,
    block_html,
    letter_issue,
    letter_issue_for_offer,
    letter_issue_with,
    letter_pdf,
    letter_render,
    letter_stored,
    letters_issue_for_rejections,
    letters_render_pending,
    rejection_letters_issue,
    sample_values,
    template_preview_pdf,
)
from contracts.services.lifecycle import (
    COOLING_OFF_REASON,
    contract_dissolve_by_buyer,
    contract_dissolve_by_staff,
    contract_record_buyer_signature,
    contract_record_seller_signature,
    contract_send,
    contract_transfer,
    cooling_off_applies,
)
from contracts.services.sale import sale_accept, sale_withdraw
from contracts.services.templates import (
    KEY_PREFIX,
    LIBRARY,
    clause_revise,
    library_install,
    library_update,
    template_touch,
)

__all__ = [
    "COOLING_OFF_REASON",
    "KEY_PREFIX",
    "LIBRARY",
    "SAMPLE_BUYER",
    "SAMPLE_REFERENCE",
    "block_html",
    "clause_revise",
    "contract_context",
    "contract_create",
    "contract_dissolve_by_buyer",
    "contract_dissolve_by_staff",
    "contract_record_buyer_signature",
    "contract_record_seller_signature",
    "contract_regenerate",
    "contract_render",
    "contract_retry_render",
    "contract_send",
    "contract_transfer",
    "contract_update_dates",
    "contracts_render_pending",
    "cooling_off_applies",
    "document_data",
    "dutch_day",
    "letter_issue",
    "letter_issue_for_offer",
    "letter_issue_with",
    "letter_pdf",
    "letter_render",
    "letter_stored",
    "letters_issue_for_rejections",
    "letters_render_pending",
    "library_install",
    "library_update",
    "rejection_letters_issue",
    "sale_accept",
    "sale_withdraw",
    "sample_values",
    "template_preview_pdf",
    "template_touch",
]
