/** The ADX schema Harbour validates its output against (XSD written from the IHE QRPH ADX profile). */

export const ADX_SCHEMA = `<?xml version="1.0" encoding="UTF-8"?>
<!--
  Harbour's check of ADX (IHE QRPH Aggregate Data Exchange, 2015 namespace) documents: an adx root
  with an export time, groups that name an org unit and an ISO 8601 period (start/duration), and
  data values with a data element, a decimal value, and any number of disaggregation attributes.
-->
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="urn:ihe:qrph:adx:2015"
  targetNamespace="urn:ihe:qrph:adx:2015" elementFormDefault="qualified">

  <xs:simpleType name="periodType">
    <xs:restriction base="xs:token">
      <xs:pattern value="\\d{4}-\\d{2}-\\d{2}/P\\d+[DWMY]"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:complexType name="dataValueType">
    <xs:sequence minOccurs="0" maxOccurs="1">
      <xs:element name="annotation" type="xs:string"/>
    </xs:sequence>
    <xs:attribute name="dataElement" use="required" type="xs:token"/>
    <xs:attribute name="value" use="required" type="xs:decimal"/>
    <xs:anyAttribute processContents="skip"/>
  </xs:complexType>

  <xs:complexType name="groupType">
    <xs:sequence maxOccurs="unbounded">
      <xs:element name="dataValue" type="dataValueType"/>
    </xs:sequence>
    <xs:attribute name="orgUnit" use="required" type="xs:token"/>
    <xs:attribute name="period" use="required" type="periodType"/>
    <xs:anyAttribute processContents="skip"/>
  </xs:complexType>

  <xs:complexType name="adxType">
    <xs:sequence maxOccurs="unbounded">
      <xs:element name="group" type="groupType"/>
    </xs:sequence>
    <xs:attribute name="exported" use="required" type="xs:dateTime"/>
    <xs:anyAttribute processContents="skip"/>
  </xs:complexType>

  <xs:element name="adx" type="adxType"/>
</xs:schema>
`;
