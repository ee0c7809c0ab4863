/** A merchant's profile touching each of the five subgraphs once: the events of the four departments and the credit office's judgment. */
export const PROFILE = /* GraphQL */ `
  query Profile($uscc: CreditCode!) {
    merchant(uscc: $uscc) {
      uscc
      name
      marketEvents {
        code
      }
      urbanEvents {
        code
      }
      approvalEvents {
        code
      }
      financeEvents {
        code
      }
      credit {
        grade
      }
    }
  }
`;
