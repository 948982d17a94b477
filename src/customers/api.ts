import { z } from 'zod';
import { businessDateOf, method, requireBook, requireBookFiles, storeScope } from '../api/define';
import { customerStore } from '../db/repos/customers';
import { wholeNumber } from '../validation';
import {
  addCustomerDocument,
  createCustomer,
  customerInput,
  documentContent,
  getCustomer,
  searchCustomers,
  updateCustomer,
} from './service';

const businessDate = businessDateOf;
const customerId = z.string().min(1).max(40);

export const customersApi = {
  'customers/search': method({
    summary: 'Customers by name, phone fragment, ID number or credit code, newest first, a page at a time',
    input: z.strictObject({ query: z.string().max(60).optional(), cursor: wholeNumber(0, Number.MAX_SAFE_INTEGER).optional(), limit: wholeNumber(1, 200).optional() }),
    permission: 'customers.read',
    mutating: false,
    handler: (input, ctx) => searchCustomers(customerStore(storeScope(ctx)), input.query, input.cursor, input.limit ?? 50),
  }),
  'customers/get': method({
    summary: 'One customer with contacts, applications, loans and documents',
    input: z.strictObject({ id: customerId }),
    permission: 'customers.read',
    mutating: false,
    handler: (input, ctx) => getCustomer(customerStore(storeScope(ctx)), input.id),
  }),
  'customers/create': method({
    summary: 'A new customer, after intake checks',
    input: customerInput,
    permission: 'customers.write',
    mutating: true,
    handler: async (input, ctx) => {
      const { ids } = requireBook(ctx);
      const result = await createCustomer(customerStore(storeScope(ctx)), ids, ctx.now(), businessDate(ctx), input, ctx.user?.userId ?? null);
      ctx.audit?.({ entityType: 'customer', entityId: result.id, summary: `customer ${input.name} created` });
      return result;
    },
  }),
  'customers/update': method({
    summary: 'Changes a customer, after the same intake checks',
    input: z.strictObject({ id: customerId, customer: customerInput }),
    permission: 'customers.write',
    mutating: true,
    handler: async (input, ctx) => {
      const result = await updateCustomer(customerStore(storeScope(ctx)), ctx.now(), businessDate(ctx), input.id, input.customer);
      ctx.audit?.({ entityType: 'customer', entityId: input.id, summary: `customer ${input.customer.name} updated` });
      return result;
    },
  }),
  'documents/add': method({
    summary: 'Attaches a PDF or image to a customer (kept by content hash beside the book)',
    input: z.strictObject({
      customerId,
      kind: z.enum(['id_card', 'income_proof', 'bank_statement', 'business_licence', 'other']),
      fileName: z.string().trim().min(1).max(200),
      contentBase64: z.string().max(14_000_000),
    }),
    permission: 'documents.write',
    mutating: true,
    handler: async (input, ctx) => {
      const { ids, dataDir } = requireBookFiles(ctx);
      const result = await addCustomerDocument(customerStore(storeScope(ctx)), ids, ctx.now(), dataDir, input, ctx.user?.userId ?? null);
      ctx.audit?.({ entityType: 'customer', entityId: input.customerId, summary: `document ${input.fileName} (${input.kind}) attached` });
      return result;
    },
  }),
  'documents/content': method({
    summary: 'A document’s content, for preview',
    input: z.strictObject({ id: z.string().min(1).max(40) }),
    permission: 'documents.read',
    mutating: false,
    handler: (input, ctx) => {
      const { dataDir } = requireBookFiles(ctx);
      return documentContent(customerStore(storeScope(ctx)), dataDir, input.id);
    },
  }),
};
